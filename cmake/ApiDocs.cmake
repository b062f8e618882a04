# sagaz_api_docs(DIR_VARIABLE OUTPUTS_VARIABLE)
#
# Builds the API docs bundle in ${CMAKE_BINARY_DIR}/api-docs and sets DIR_VARIABLE to that
# directory and OUTPUTS_VARIABLE to its files, for sagaz_embed_directory(NAME docs ...):
#   openapi.json          from src/server/openapi/openapi.yaml (scripts/openapi_to_json.py checks it)
#   index.html, sagaz-docs.js, sagaz-docs.css   the page, from src/server/openapi/
#   swagger-ui-bundle.js, swagger-ui.css, ...   from swagger-ui-dist (third_party/node_modules)
# Everything is produced at build time, so an edit of the YAML or the page is picked up by the next
# build.
function(sagaz_api_docs dir_variable outputs_variable)
  # Debian's python3, which has python3-yaml once scripts/setup ran; else the first python3 on PATH.
  find_program(SAGAZ_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
  find_program(SAGAZ_PYTHON3 NAMES python3 REQUIRED)
  execute_process(COMMAND "${SAGAZ_PYTHON3}" -c "import yaml"
                  RESULT_VARIABLE yaml_missing OUTPUT_QUIET ERROR_QUIET)
  if(yaml_missing)
    message(FATAL_ERROR "PyYAML (Debian python3-yaml) not found for ${SAGAZ_PYTHON3}: run scripts/setup")
  endif()
  set(swagger "${SAGAZ_NPM_DIR}/swagger-ui-dist")
  if(NOT EXISTS "${swagger}/swagger-ui-bundle.js")
    message(FATAL_ERROR "swagger-ui-dist not found under third_party/node_modules: run scripts/setup")
  endif()

  set(src "${PROJECT_SOURCE_DIR}/src/server/openapi")
  set(out "${CMAKE_BINARY_DIR}/api-docs")
  # name in the bundle -> source file
  set(copies
    "index.html=${src}/index.html"
    "sagaz-docs.js=${src}/sagaz-docs.js"
    "sagaz-docs.css=${src}/sagaz-docs.css"
    "swagger-ui-bundle.js=${swagger}/swagger-ui-bundle.js"
    "swagger-ui.css=${swagger}/swagger-ui.css"
    "favicon-32x32.png=${swagger}/favicon-32x32.png"
    "favicon-16x16.png=${swagger}/favicon-16x16.png"
    "swagger-ui-LICENSE.txt=${swagger}/LICENSE"
    "swagger-ui-NOTICE.txt=${swagger}/NOTICE"
    "swagger-ui-bundle.js.LICENSE.txt=${swagger}/swagger-ui-bundle.js.LICENSE.txt")

  file(MAKE_DIRECTORY "${out}")
  set(names "openapi.json")
  set(outputs "${out}/openapi.json")
  add_custom_command(
    OUTPUT "${out}/openapi.json"
    COMMAND "${SAGAZ_PYTHON3}" "${PROJECT_SOURCE_DIR}/scripts/openapi_to_json.py"
            "${src}/openapi.yaml" "${out}/openapi.json"
    DEPENDS "${src}/openapi.yaml" "${PROJECT_SOURCE_DIR}/scripts/openapi_to_json.py"
    COMMENT "Checking the OpenAPI document and converting it to JSON"
    VERBATIM)
  foreach(pair IN LISTS copies)
    string(FIND "${pair}" "=" eq)
    string(SUBSTRING "${pair}" 0 ${eq} name)
    math(EXPR from_start "${eq} + 1")
    string(SUBSTRING "${pair}" ${from_start} -1 from)
    list(APPEND names "${name}")
    list(APPEND outputs "${out}/${name}")
    add_custom_command(
      OUTPUT "${out}/${name}"
      COMMAND "${CMAKE_COMMAND}" -E copy "${from}" "${out}/${name}"
      DEPENDS "${from}"
      VERBATIM)
  endforeach()

  # Drop files a previous list had.
  file(GLOB present RELATIVE "${out}" "${out}/*")
  foreach(f IN LISTS present)
    if(NOT f IN_LIST names)
      file(REMOVE_RECURSE "${out}/${f}")
    endif()
  endforeach()

  add_custom_target(sagaz_api_docs ALL DEPENDS ${outputs})
  set(${dir_variable} "${out}" PARENT_SCOPE)
  set(${outputs_variable} ${outputs} PARENT_SCOPE)
endfunction()
