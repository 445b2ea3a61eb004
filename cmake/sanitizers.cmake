# HF2MS_SANITIZE=address,undefined or =thread instruments every target in the build.
if(HF2MS_SANITIZE)
  set(flags -fsanitize=${HF2MS_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_compile_options(${flags})
  add_link_options(${flags})
endif()
