# The Debian package: `cpack` in a release build dir (`make package`, docs/install.md) writes
# hf2ms_<version>_<arch>.deb with what cmake/install.cmake installs, under /usr.
# Its Depends are computed, not listed: dpkg-shlibdeps (dpkg-dev) reads the shipped ELF files
# and names the Debian packages of the shared libraries they load, with minimum versions.
# Build the package from a non-sanitized build: a sanitized binary would depend on libasan.
set(HF2MS_PACKAGE_MAINTAINER "hf2ms maintainers <maintainers@users.noreply.r-seed-e78778ee.example>"
    CACHE STRING "Maintainer field of the .deb")
set(HF2MS_PACKAGE_HOMEPAGE "" CACHE STRING "Homepage field of the .deb (omitted when empty)")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME hf2ms)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "${HF2MS_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "mirror model, dataset and space repos between Hugging Face and ModelScope")
set(CPACK_PACKAGE_DESCRIPTION
    "hf2ms keeps repositories mirrored between the Hugging Face Hub and ModelScope, in either
direction. Mirrors are declared in a TOML manifest; `hf2ms plan` compares it with both hubs
file by file, by SHA-256, and `hf2ms apply` makes exactly the planned changes. File bytes
stream hub to hub, locally or inside Modal containers, never through local disk.

The package also ships hf2ms-hubsim, a local simulator of both hubs' HTTP APIs, the Modal
app with the sources its image compiles, the JSON schemas and the documentation.")
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # hf2ms_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
if(HF2MS_PACKAGE_HOMEPAGE)
  set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${HF2MS_PACKAGE_HOMEPAGE}")
endif()
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Not a library dependency, but without CA certificates libcurl cannot verify either hub.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "ca-certificates")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
