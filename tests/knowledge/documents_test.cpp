// Document parsing, encoding repair and chunking.
#include "knowledge/documents.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace sagaz::knowledge {
namespace {

std::string ReadData(const std::string& name) {
  std::ifstream in(std::string(SAGAZ_TEST_DATA_DIR) + "/knowledge/docs/" + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(EncodingTest, RepairsDoubleEncodedUtf8) {
  std::string enc;
  EXPECT_EQ(RepairEncoding("Vetoriza\xC3\x83\xC2\xA7\xC3\x83\xC2\xA3o", &enc), "Vetorização");
  EXPECT_EQ(enc, "utf-8 (repaired)");
}

TEST(EncodingTest, KeepsCorrectUtf8AndReadsCp1252) {
  std::string enc;
  EXPECT_EQ(RepairEncoding("São João, ação", &enc), "São João, ação");
  EXPECT_EQ(enc, "utf-8");
  EXPECT_EQ(RepairEncoding("Cl\xE1usula \x93multa\x94", &enc), "Cláusula “multa”");
  EXPECT_EQ(enc, "cp1252");
  EXPECT_EQ(RepairEncoding("\xEF\xBB\xBFola"), "ola");
}

TEST(DocumentsTest, MarkdownKeepsHeadingPathsAndOffsets) {
  const std::string text = ReadData("manual_instalacao.md");
  const auto doc = ParseDocument(text, "manual_instalacao.md", {});
  ASSERT_TRUE(doc) << doc.error().ToText();
  EXPECT_EQ(doc->format, Format::kMarkdown);
  EXPECT_EQ(doc->title, "Manual de instalação do Sagaz");
  bool found = false;
  for (const auto& c : doc->chunks) {
    EXPECT_LE(c.start, c.end);
    if (c.text.find("porta padrão") != std::string::npos) {
      EXPECT_EQ(c.heading, "Manual de instalação do Sagaz > Configuração");
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST(DocumentsTest, ChunkOffsetsPointAtTheirText) {
  std::string text = "# T\n\n";
  for (int i = 0; i < 80; ++i) text += "Frase número " + std::to_string(i) + " do parágrafo. ";
  const auto doc = ParseDocument(text, "x.md", {.chunk_chars = 300, .overlap_chars = 60});
  ASSERT_TRUE(doc);
  ASSERT_GT(doc->chunks.size(), 3u);
  // The extracted text is "T\n\n" + the paragraph.
  const std::string extracted = "T\n\n" + text.substr(5, text.size() - 6);
  for (const auto& c : doc->chunks) {
    EXPECT_LE(c.text.size(), 300u + 60u);
    EXPECT_EQ(extracted.substr(c.start, c.end - c.start), c.text);
  }
  // Overlap: a chunk starts before the previous one ended.
  EXPECT_LT(doc->chunks[2].start, doc->chunks[1].end);
}

TEST(DocumentsTest, HtmlDropsBoilerplate) {
  const auto doc = ParseDocument(ReadData("politica_reembolso.html"), "p.html", {});
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->format, Format::kHtml);
  EXPECT_EQ(doc->title, "Política de reembolso");
  std::string all;
  for (const auto& c : doc->chunks) all += c.text + "\n";
  EXPECT_NE(all.find("7 dias corridos"), std::string::npos);
  EXPECT_NE(all.find("Pix | até 2 dias úteis"), std::string::npos);
  EXPECT_EQ(all.find("analytics"), std::string::npos);
  EXPECT_EQ(all.find("Copyright"), std::string::npos);
  EXPECT_EQ(all.find("frete grátis"), std::string::npos);
}

TEST(DocumentsTest, Cp1252TextIsRead) {
  const auto doc = ParseDocument(ReadData("contrato_fornecedor.txt"), "c.txt", {});
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->encoding, "cp1252");
  EXPECT_NE(doc->chunks[0].text.find("Cláusula"), std::string::npos);
}

TEST(DocumentsTest, DoubleEncodedFileIsRepaired) {
  const auto doc = ParseDocument(ReadData("relatorio_vetorizacao.txt"), "r.txt", {});
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->encoding, "utf-8 (repaired)");
  EXPECT_NE(doc->chunks[0].text.find("Relatório de vetorização"), std::string::npos);
}

TEST(DocumentsTest, CsvRowsBecomeText) {
  const auto doc = ParseDocument(ReadData("produtos.csv"), "produtos.csv", {});
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->format, Format::kCsv);
  EXPECT_NE(doc->chunks[0].text.find("produto: Cafeteira elétrica; categoria: cozinha"),
            std::string::npos);
}

TEST(DocumentsTest, PdfPagesAndPagesWithoutText) {
  const auto doc = ParseDocument(ReadData("relatorio_logistica.pdf"), "r.pdf", {});
  ASSERT_TRUE(doc) << doc.error().ToText();
  EXPECT_EQ(doc->format, Format::kPdf);
  EXPECT_EQ(doc->pages, 3);
  EXPECT_EQ(doc->pages_without_text, std::vector<int>{2});
  bool page3 = false;
  for (const auto& c : doc->chunks) {
    if (c.text.find("3,1%") != std::string::npos) page3 = c.page == 3;
  }
  EXPECT_TRUE(page3);
}

TEST(DocumentsTest, ClearErrors) {
  auto r = ParseDocument("", "a.txt", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  // A ZIP signature over garbage: a broken archive.
  r = ParseDocument(std::string("PK\x03\x04", 4) + std::string(100, 'x'), "a.docx", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  r = ParseDocument(std::string("\x89PNG\r\n\x1a\n", 8), "a.txt", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupported);
  r = ParseDocument("%PDF-1.4\ngarbage", "a.pdf", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  r = ParseDocument("   \n\n  ", "a.txt", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

std::string ReadOffice(const std::string& name) { return ReadData("../office/" + name); }

// All chunk texts joined, for checks on what was (not) extracted.
std::string AllText(const ParsedDocument& doc) {
  std::string out;
  for (const auto& c : doc.chunks) out += c.text + "\n";
  return out;
}

TEST(OfficeTest, ReadsDocxStructure) {
  auto doc = ParseDocument(ReadOffice("contrato_transporte.docx"), "contrato.docx",
                           {.chunk_chars = 200, .overlap_chars = 0});
  ASSERT_TRUE(doc) << doc.error().ToText();
  EXPECT_EQ(doc->format, Format::kDocx);
  EXPECT_EQ(doc->title, "Contrato de Prestação de Serviços de Transporte");
  const std::string text = AllText(*doc);
  EXPECT_NE(text.find("Interior: até 7 dias úteis."), std::string::npos) << text;
  EXPECT_NE(text.find("A multa por atraso é de 2% do valor do frete"), std::string::npos) << text;
  EXPECT_EQ(text.find("5%"), std::string::npos);  // a deleted revision
  EXPECT_NE(text.find("Sudeste | R$ 1,20"), std::string::npos);
  // The text box once, not again from its fallback copy.
  const auto first = text.find("Vigência de 12 meses.");
  ASSERT_NE(first, std::string::npos);
  EXPECT_EQ(text.find("Vigência de 12 meses.", first + 1), std::string::npos);
  // Headings come from the styles' built-in names (the ids are Portuguese).
  bool table_under_heading = false;
  for (const auto& c : doc->chunks) {
    if (c.text.find("Norte | R$ 2,75") != std::string::npos)
      table_under_heading = c.heading.find("Tabela de preços") != std::string::npos;
    EXPECT_EQ(c.page, 0);
  }
  EXPECT_TRUE(table_under_heading);
}

TEST(OfficeTest, ReadsOdtStructure) {
  auto doc = ParseDocument(ReadOffice("manual_integracao.odt"), "manual.odt",
                           {.chunk_chars = 200, .overlap_chars = 0});
  ASSERT_TRUE(doc) << doc.error().ToText();
  EXPECT_EQ(doc->format, Format::kOdt);
  EXPECT_EQ(doc->title, "Manual de Integração com o ERP");
  const std::string text = AllText(*doc);
  EXPECT_NE(text.find("a cada  15 minutos"), std::string::npos) << text;  // text:s c="2"
  EXPECT_NE(text.find("Porta 8443 liberada no firewall."), std::string::npos);
  EXPECT_NE(text.find("E101 | Token expirado"), std::string::npos);
  EXPECT_NE(text.find("suporte@exemplo.com.br"), std::string::npos);
  EXPECT_EQ(text.find("rodapé"), std::string::npos);  // footnotes are not body text
  bool nested = false;
  for (const auto& c : doc->chunks) {
    if (c.text.find("E202") != std::string::npos)
      nested = c.heading == "Manual de Integração com o ERP > Códigos de erro";
  }
  EXPECT_TRUE(nested);
}

TEST(OfficeTest, RefusesHostileArchives) {
  auto bomb = ParseDocument(ReadOffice("bomb.docx"), "bomb.docx", {});
  ASSERT_FALSE(bomb);
  EXPECT_EQ(bomb.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(bomb.error().message.find("zip bomb"), std::string::npos) << bomb.error().message;

  auto encrypted = ParseDocument(ReadOffice("encrypted.docx"), "e.docx", {});
  ASSERT_FALSE(encrypted);
  EXPECT_EQ(encrypted.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(encrypted.error().message.find("encrypted"), std::string::npos)
      << encrypted.error().message;

  auto sheet = ParseDocument(ReadOffice("planilha.ods"), "p.ods", {});
  ASSERT_FALSE(sheet);
  EXPECT_EQ(sheet.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(sheet.error().message.find("opendocument.spreadsheet"), std::string::npos);

  // Truncated archives never crash: every prefix fails cleanly or parses.
  const std::string docx = ReadOffice("contrato_transporte.docx");
  for (size_t n = 4; n < docx.size(); n += 97) (void)ParseDocument(docx.substr(0, n), "t.docx", {});
}

}  // namespace
}  // namespace sagaz::knowledge
