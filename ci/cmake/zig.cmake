# Cross-compiles with `zig cc` (clang plus bundled libc headers and stubs):
#   cmake -DCMAKE_TOOLCHAIN_FILE=ci/cmake/zig.cmake -DZIG_TARGET=aarch64-linux-musl \
#         -DZIG=$(bash ci/install-zig.sh) -DJAVA_HOME=<any JDK> ...
# ZIG_TARGET is a zig triple: x86_64-linux-gnu.2.17, aarch64-linux-musl, aarch64-macos, ...
if(NOT ZIG_TARGET)
  message(FATAL_ERROR "zig.cmake: pass -DZIG_TARGET=<zig triple>")
endif()
if(NOT ZIG)
  find_program(ZIG zig REQUIRED)
endif()
# try_compile() projects re-read this file: hand them the same settings.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES ZIG_TARGET ZIG)

if(ZIG_TARGET MATCHES "-macos")
  set(CMAKE_SYSTEM_NAME Darwin)
elseif(ZIG_TARGET MATCHES "-linux")
  set(CMAKE_SYSTEM_NAME Linux)
else()
  message(FATAL_ERROR "zig.cmake: unsupported target ${ZIG_TARGET}")
endif()
string(REGEX REPLACE "-.*" "" CMAKE_SYSTEM_PROCESSOR "${ZIG_TARGET}")

# A list: CMake runs the first item with the rest as fixed leading arguments.
set(CMAKE_C_COMPILER "${ZIG}" cc -target ${ZIG_TARGET})
# zig's own archiver, because the host's GNU ar cannot index Mach-O objects.
set(CMAKE_C_ARCHIVE_CREATE "\"${ZIG}\" ar qc <TARGET> <OBJECTS>")
set(CMAKE_C_ARCHIVE_APPEND "\"${ZIG}\" ar q <TARGET> <OBJECTS>")
set(CMAKE_C_ARCHIVE_FINISH "\"${ZIG}\" ranlib <TARGET>")

# Never pick up the build machine's headers or libraries.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
