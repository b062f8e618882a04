# Warning flags shared by every Sagaz target (applied through sagaz_add_module / sagaz_add_test).
add_library(sagaz_warnings INTERFACE)
target_compile_options(sagaz_warnings INTERFACE
  -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
  -Wimplicit-fallthrough -Wno-missing-field-initializers)
if(SAGAZ_WERROR)
  target_compile_options(sagaz_warnings INTERFACE -Werror)
endif()
