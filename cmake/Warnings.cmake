# Warning flags shared by every Sagaz target (applied through sagaz_add_module / sagaz_add_test).
add_library(sagaz_warnings INTERFACE)
target_compile_options(sagaz_warnings INTERFACE
  -Wall -Wextra -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
  -Wimplicit-fallthrough -Wno-missing-field-initializers)
if(SAGAZ_WERROR)
  target_compile_options(sagaz_warnings INTERFACE -Werror)
endif()
# In a unity build a file's anonymous-namespace types are seen from an included file, where GCC warns
# about every class using them; the warning says nothing about the code in that case.
if(SAGAZ_UNITY_BUILD)
  target_compile_options(sagaz_warnings INTERFACE -Wno-subobject-linkage)
endif()
