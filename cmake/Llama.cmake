# llama.cpp (in-process GGUF models) from the pinned npm packages under third_party/node_modules:
#   @node-llama-cpp/linux-x64  the shared libraries: libllama, libggml, libggml-base and one
#                              libggml-cpu-<variant>.so per CPU family (picked at run time by
#                              ggml_backend_load_all_from_path, models/engine.cpp)
#   node-llama-cpp             llama/gitRelease.bundle: the matching llama.cpp source (v0.5.0), from
#                              which the headers, gguf-py, the vocabulary-only GGUFs and the
#                              JSON-schema-to-grammar converter (llama::json_schema, below) are taken
# Only src/models/*.cpp include these headers; the targets below are private to sagaz::models.
set(LLAMA_NPM_LIB_DIR "${SAGAZ_NPM_DIR}/@node-llama-cpp/linux-x64/bins/linux-x64")
set(LLAMA_BUNDLE "${SAGAZ_NPM_DIR}/node-llama-cpp/llama/gitRelease.bundle")
if(NOT EXISTS "${LLAMA_NPM_LIB_DIR}/libllama.v0.5.0.so" OR NOT EXISTS "${LLAMA_BUNDLE}")
  message(FATAL_ERROR "llama.cpp v0.5.0 not found under third_party/node_modules: run scripts/setup first")
endif()

# The source bundle is a git bundle: check out only the files the build and the tests use.
set(LLAMA_SOURCE_DIR "${CMAKE_BINARY_DIR}/llama.cpp")
set(LLAMA_JSON_SCHEMA_SOURCES common/json.cpp common/json-schema.cpp
    common/json-schema-to-grammar.cpp common/trie.cpp common/unicode.cpp)
set(LLAMA_SOURCE_PATHS include ggml/include common/json.h common/json-schema.h
    common/json-schema-to-grammar.h common/common.h common/trie.h common/unicode.h
    ${LLAMA_JSON_SCHEMA_SOURCES} vendor/nlohmann gguf-py models/ggml-vocab-llama-bpe.gguf
    models/ggml-vocab-qwen2.gguf)
file(SHA256 "${LLAMA_BUNDLE}" LLAMA_BUNDLE_SHA)
string(SHA256 LLAMA_CHECKOUT_KEY "${LLAMA_BUNDLE_SHA};${LLAMA_SOURCE_PATHS}")
if(NOT EXISTS "${LLAMA_SOURCE_DIR}/.sagaz-${LLAMA_CHECKOUT_KEY}")
  find_package(Git REQUIRED)
  file(REMOVE_RECURSE "${LLAMA_SOURCE_DIR}")
  execute_process(COMMAND "${GIT_EXECUTABLE}" clone --quiet --no-checkout "${LLAMA_BUNDLE}"
                          "${LLAMA_SOURCE_DIR}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cannot clone ${LLAMA_BUNDLE}")
  endif()
  execute_process(COMMAND "${GIT_EXECUTABLE}" -c advice.detachedHead=false checkout --quiet HEAD --
                          ${LLAMA_SOURCE_PATHS}
                  WORKING_DIRECTORY "${LLAMA_SOURCE_DIR}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cannot check out llama.cpp headers from ${LLAMA_BUNDLE}")
  endif()
  file(TOUCH "${LLAMA_SOURCE_DIR}/.sagaz-${LLAMA_CHECKOUT_KEY}")
endif()
set(LLAMA_GGUF_PY_DIR "${LLAMA_SOURCE_DIR}/gguf-py")
set(LLAMA_VOCAB_DIR "${LLAMA_SOURCE_DIR}/models")

# Every library is copied beside the executables (RPATH $ORIGIN), the CPU variants included: the
# backend loader looks for them in libllama's own folder.
file(GLOB LLAMA_SHARED_LIBS "${LLAMA_NPM_LIB_DIR}/*.so")
list(FILTER LLAMA_SHARED_LIBS EXCLUDE REGEX "libllama-common") # see llama_json_schema below
foreach(lib IN LISTS LLAMA_SHARED_LIBS)
  get_filename_component(lib_name "${lib}" NAME)
  configure_file("${lib}" "${CMAKE_BINARY_DIR}/bin/${lib_name}" COPYONLY)
endforeach()

function(sagaz_llama_import target file)
  add_library(${target} SHARED IMPORTED GLOBAL)
  set_target_properties(${target} PROPERTIES
    IMPORTED_LOCATION "${CMAKE_BINARY_DIR}/bin/${file}"
    IMPORTED_SONAME "${file}")
endfunction()
sagaz_llama_import(llama_ggml_base libggml-base.so)
sagaz_llama_import(llama_ggml libggml.v0.5.0.so)
sagaz_llama_import(llama_lib libllama.v0.5.0.so)
set_target_properties(llama_lib PROPERTIES
  INTERFACE_INCLUDE_DIRECTORIES "${LLAMA_SOURCE_DIR}/include;${LLAMA_SOURCE_DIR}/ggml/include"
  INTERFACE_LINK_LIBRARIES "llama_ggml;llama_ggml_base")
add_library(llama::llama ALIAS llama_lib)

# llama.cpp's JSON-schema-to-grammar converter, compiled here from the same source bundle rather
# than taken from the npm package's libllama-common.so: that library also exports its own builds of
# cpp-httplib and nlohmann/json, which would clash with the ones the server links (and opening it
# privately with RTLD_DEEPBIND is not supported by AddressSanitizer). Its nlohmann/json is the
# vendored 3.12 (its own inline ABI namespace, so no clash with Debian's). Compiled with the
# project's flags (sanitizers included) but not its warnings: this is upstream code.
list(TRANSFORM LLAMA_JSON_SCHEMA_SOURCES PREPEND "${LLAMA_SOURCE_DIR}/")
add_library(llama_json_schema STATIC ${LLAMA_JSON_SCHEMA_SOURCES}
            "${CMAKE_SOURCE_DIR}/src/models/internal/llama_common_strings.cpp")
set_target_properties(llama_json_schema PROPERTIES POSITION_INDEPENDENT_CODE ON)
target_include_directories(llama_json_schema SYSTEM PUBLIC "${LLAMA_SOURCE_DIR}/common"
                           PRIVATE "${LLAMA_SOURCE_DIR}/vendor")
target_compile_features(llama_json_schema PUBLIC cxx_std_17)
target_link_libraries(llama_json_schema PUBLIC llama_lib)
add_library(llama::json_schema ALIAS llama_json_schema)
