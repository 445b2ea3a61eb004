# Everything `cmake --install` and `cpack` ship, in one place (docs/install.md). Included from
# the root CMakeLists.txt after every target exists. Paths follow GNUInstallDirs, relative to
# the prefix (/usr for the .deb, /usr/local by default):
#   bin/                        hf2ms, hf2ms-hubsim (test, bench and fuzz programs are not shipped)
#   share/hf2ms/modal/          the Modal app, where `hf2ms apply --executor modal` looks for it
#   share/hf2ms/source/         the sources the Modal image compiles hf2ms from (docs/modal.md)
#   share/hf2ms/schemas/        JSON schemas of the manifest and the plan file
#   share/doc/hf2ms/            README.md, docs/, examples/, as laid out in the checkout
#   share/bash-completion/completions/hf2ms, share/zsh/vendor-completions/_hf2ms
# Each section below is one kind of payload; a new kind is a new section.
include(GNUInstallDirs)

set(HF2MS_INSTALL_DATADIR "${CMAKE_INSTALL_DATADIR}/hf2ms")

# Programs.
install(TARGETS hf2ms hf2ms-hubsim RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")

# The Modal app, and the minimal tree its image builds hf2ms from. The app takes
# share/hf2ms/source when it is not inside a checkout, so an installed copy builds the same
# version as the installed binary, for Modal's linux/amd64 containers whatever the host is.
install(FILES "${PROJECT_SOURCE_DIR}/deploy/modal/hf2ms_modal.py"
        DESTINATION "${HF2MS_INSTALL_DATADIR}/modal")
install(FILES "${PROJECT_SOURCE_DIR}/CMakeLists.txt" DESTINATION "${HF2MS_INSTALL_DATADIR}/source")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/cmake" "${PROJECT_SOURCE_DIR}/src"
        DESTINATION "${HF2MS_INSTALL_DATADIR}/source")

# Schemas, for editors (`#:schema`) and for tools that read saved plans.
file(GLOB HF2MS_SCHEMAS "${PROJECT_SOURCE_DIR}/schemas/*.json")
install(FILES ${HF2MS_SCHEMAS} DESTINATION "${HF2MS_INSTALL_DATADIR}/schemas")

# Shell completion, generated at build time by the built hf2ms from its own command tree
# (`hf2ms completion`), so the installed scripts always match the installed binary. The
# directories are the ones bash-completion and Debian's zsh load from without configuration.
set(HF2MS_COMPLETION_DIR "${PROJECT_BINARY_DIR}/completion")
add_custom_command(
  OUTPUT "${HF2MS_COMPLETION_DIR}/hf2ms" "${HF2MS_COMPLETION_DIR}/_hf2ms"
  COMMAND "${CMAKE_COMMAND}" -E make_directory "${HF2MS_COMPLETION_DIR}"
  COMMAND sh -c "\"$1\" completion bash > \"$2/hf2ms\" && \"$1\" completion zsh > \"$2/_hf2ms\""
          sh "$<TARGET_FILE:hf2ms>" "${HF2MS_COMPLETION_DIR}"
  DEPENDS hf2ms
  COMMENT "Generating the bash and zsh completion scripts"
  VERBATIM)
add_custom_target(hf2ms_completions ALL
                  DEPENDS "${HF2MS_COMPLETION_DIR}/hf2ms" "${HF2MS_COMPLETION_DIR}/_hf2ms")
install(FILES "${HF2MS_COMPLETION_DIR}/hf2ms"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions")
install(FILES "${HF2MS_COMPLETION_DIR}/_hf2ms"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions")

# Documentation, keeping the checkout's layout so the README's relative links still work.
# OPTIONAL: the tree the Modal image builds from has no docs, and need not install them.
install(FILES "${PROJECT_SOURCE_DIR}/README.md" "${PROJECT_SOURCE_DIR}/hf2ms.toml.example"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}" OPTIONAL)
install(DIRECTORY "${PROJECT_SOURCE_DIR}/docs" "${PROJECT_SOURCE_DIR}/examples"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}" OPTIONAL)

include(package)
