# hf2ms_warnings: an interface target every hf2ms library and executable links.
add_library(hf2ms_warnings INTERFACE)
target_compile_options(hf2ms_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Woverloaded-virtual -Wold-style-cast -Wnull-dereference -Wimplicit-fallthrough)
if(HF2MS_WERROR)
  target_compile_options(hf2ms_warnings INTERFACE -Werror)
endif()
target_compile_definitions(hf2ms_warnings INTERFACE $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>)
