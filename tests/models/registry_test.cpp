#include "models/registry.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "models/models_fixture.hpp"

namespace sagaz::models {
namespace {

namespace fs = std::filesystem;
using testing::ModelsTempDir;
using testing::TinyChatModel;

// Flips one byte in the middle of a file (a bit rot the header does not show).
void Corrupt(const fs::path& file) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(static_cast<std::streamoff>(fs::file_size(file) / 2));
  char c = 0;
  f.get(c);
  f.seekp(static_cast<std::streamoff>(fs::file_size(file) / 2));
  f.put(static_cast<char>(c ^ 0x5A));
}

TEST(RegistryTest, InspectsTheHeader) {
  auto info = InspectGguf(TinyChatModel());
  ASSERT_TRUE(info) << info.error().ToText();
  EXPECT_EQ(info->architecture, "llama");
  EXPECT_EQ(info->description, "tiny-chat");
  EXPECT_EQ(info->quantization, "F32");
  EXPECT_EQ(info->context_length, 8192);
  EXPECT_EQ(info->layers, 2);
  EXPECT_EQ(info->embedding_length, 32);
  EXPECT_GT(info->vocabulary, 100000);
  EXPECT_FALSE(info->embedding);
  EXPECT_TRUE(InspectGguf(testing::TinyEmbedModel())->embedding);
}

TEST(RegistryTest, AddsListsVerifiesAndRemoves) {
  ModelsTempDir dir;
  Registry registry(dir / "models", {});
  EXPECT_TRUE(registry.List()->empty());
  auto added = registry.Add(TinyChatModel(), "chat");
  ASSERT_TRUE(added) << added.error().ToText();
  EXPECT_EQ(added->name, "chat");
  EXPECT_EQ(added->sha256.size(), 64u);
  EXPECT_EQ(added->sha256, *Sha256File(TinyChatModel()));
  EXPECT_TRUE(fs::exists(dir / "models/chat.gguf.sha256"));

  auto again = registry.Add(TinyChatModel(), "chat");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);

  auto list = registry.List();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].info.architecture, "llama");

  auto ok = registry.Verify("", false);
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->size(), 1u);
  EXPECT_EQ((*ok)[0].status, "ok");

  ASSERT_TRUE(registry.Remove("chat"));
  EXPECT_TRUE(registry.List()->empty());
  EXPECT_FALSE(fs::exists(dir / "models/chat.gguf.sha256"));
  auto missing = registry.Find("chat");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST(RegistryTest, AChecksumMismatchIsFoundAndTheFileRemoved) {
  ModelsTempDir dir;
  Registry registry(dir / "models", {});
  ASSERT_TRUE(registry.Add(TinyChatModel(), "chat"));
  Corrupt(dir / "models/chat.gguf");
  ASSERT_TRUE(InspectGguf(dir / "models/chat.gguf"));  // the header still reads
  auto found = registry.Verify("chat", false);
  ASSERT_TRUE(found);
  EXPECT_EQ((*found)[0].status, "mismatch");
  EXPECT_NE((*found)[0].expected, (*found)[0].actual);
  EXPECT_FALSE((*found)[0].removed);
  auto fixed = registry.Verify("chat", true);
  ASSERT_TRUE(fixed);
  EXPECT_TRUE((*fixed)[0].removed);
  EXPECT_FALSE(fs::exists(dir / "models/chat.gguf"));
}

TEST(RegistryTest, TruncatedAndForeignFilesAreRefusedAndCleanedUp) {
  ModelsTempDir dir;
  fs::create_directories(dir / "models");
  // A copy cut short, as an interrupted transfer leaves it: the header is whole, the weights not.
  {
    std::ifstream in(TinyChatModel(), std::ios::binary);
    std::string head(fs::file_size(TinyChatModel()) - (1 << 20), '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    testing::WriteBytes(dir / "models/cut.gguf", head);
  }
  testing::WriteBytes(dir / "models/text.gguf", "this is not a model");
  testing::WriteBytes(dir / "models/left.gguf.partial", "half a copy");
  testing::WriteBytes(dir / "models/gone.gguf.sha256", std::string(64, 'a') + "  gone.gguf\n");
  auto cut = InspectGguf(dir / "models/cut.gguf");
  ASSERT_FALSE(cut);
  EXPECT_NE(cut.error().message.find("truncated"), std::string::npos);

  Registry registry(dir / "models", {});
  auto list = registry.List();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 2u);
  for (const auto& m : *list) EXPECT_FALSE(m.error.empty()) << m.name;

  auto bad_source = registry.Add(dir / "models/text.gguf", "copy");
  ASSERT_FALSE(bad_source);
  EXPECT_EQ(bad_source.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(fs::exists(dir / "models/copy.gguf.partial"));

  auto cleaned = registry.CleanUp();
  ASSERT_TRUE(cleaned);
  EXPECT_EQ(cleaned->removed.size(), 4u);
  EXPECT_GT(cleaned->bytes, 1000000u);
  EXPECT_TRUE(registry.List()->empty());
  EXPECT_TRUE(fs::is_empty(dir / "models"));
}

TEST(RegistryTest, ConfiguredPathsAreListedButNeverDeleted) {
  ModelsTempDir dir;
  Registry registry(dir / "models", {TinyChatModel()});
  auto m = registry.Find("tiny-chat");
  ASSERT_TRUE(m) << m.error().ToText();
  EXPECT_TRUE(m->configured);
  auto rm = registry.Remove("tiny-chat");
  ASSERT_FALSE(rm);
  EXPECT_EQ(rm.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(fs::exists(TinyChatModel()));
}

TEST(RegistryTest, NamesAreChecked) {
  EXPECT_TRUE(ValidateModelName("qwen2.5-0.5b-instruct-q4_k_m"));
  for (const char* bad : {"", "../etc", ".hidden", "a/b", "a b", "ç"})
    EXPECT_FALSE(ValidateModelName(bad)) << bad;
}

}  // namespace
}  // namespace sagaz::models
