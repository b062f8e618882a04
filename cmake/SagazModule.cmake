# sagaz_add_module(NAME SOURCES ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
# One static library per capability folder under src/. Public headers are included as "<module>/x.hpp".
function(sagaz_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(sagaz_${name} STATIC ${ARG_SOURCES})
  add_library(sagaz::${name} ALIAS sagaz_${name})
  target_include_directories(sagaz_${name} PUBLIC "${PROJECT_SOURCE_DIR}/src")
  target_link_libraries(sagaz_${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE sagaz_warnings ${ARG_PRIVATE_DEPS})
endfunction()

# sagaz_add_test(NAME SOURCES ... DEPS ... [LABELS ...] [WHOLE])
# Each GoogleTest case becomes a CTest test, unless WHOLE: then the executable is one CTest test (used when
# a suite shares an expensive fixture, such as a running server).
function(sagaz_add_test name)
  cmake_parse_arguments(ARG "WHOLE" "" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE sagaz_warnings GTest::gtest GTest::gmock GTest::gtest_main ${ARG_DEPS})
  target_compile_definitions(${name} PRIVATE SAGAZ_TEST_DATA_DIR="${PROJECT_SOURCE_DIR}/tests/data")
  # Tests labelled fuzz are also built by the `fuzz` target (make test's sanitized build).
  if("fuzz" IN_LIST ARG_LABELS)
    set_property(GLOBAL APPEND PROPERTY SAGAZ_FUZZ_TESTS ${name})
  endif()
  if(ARG_WHOLE)
    add_test(NAME ${name} COMMAND ${name})
    set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}")
  else()
    gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS "${ARG_LABELS}")
  endif()
endfunction()
