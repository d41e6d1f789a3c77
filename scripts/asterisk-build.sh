#!/usr/bin/env bash
# Builds Asterisk 22.10.1 against a system-style pjproject 2.15.1 from the release archives in
# ../shared/asterisk (no network: Asterisk's bundled pjproject would download its source), and
# installs both under one prefix outside the repository. A prefix that already holds this version
# is reused, so a warm run costs a second.
#
#   scripts/asterisk-build.sh            # prints the prefix on its last line
#   scripts/asterisk-build.sh --print-prefix
#   CAGRI_ASTERISK_PREFIX=/opt/x scripts/asterisk-build.sh
#
# Needs the Debian build dependencies (scripts/test-packages.sh installs them).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
shared=${CAGRI_SHARED:-$(cd "$here/../.." && pwd)/shared}
ast_version=22.10.1
pj_version=2.15.1
# The prefix and the stamp name the versions and the recipe: bump `recipe` whenever how it builds
# changes (the prefix is baked into the binaries, so a new recipe gets a folder of its own).
recipe=2
prefix=${CAGRI_ASTERISK_PREFIX:-/var/cache/cagri/asterisk-$ast_version-r$recipe}
stamp="$prefix/.cagri-built"
want="asterisk $ast_version, pjproject $pj_version, recipe $recipe"

log() { printf '[asterisk-build] %s\n' "$*" >&2; }

# --print-prefix: where the build is (or would be), without building; the test tier asks this.
if [[ ${1:-} == --print-prefix ]]; then
  echo "$prefix"
  exit 0
fi
if [[ -f $stamp && -x $prefix/sbin/asterisk && $(head -n1 "$stamp") == "$want" ]]; then
  log "reusing $prefix"
  echo "$prefix"
  exit 0
fi

src_dir="$shared/asterisk"
for f in "asterisk-$ast_version.tar.xz" "pjproject-$pj_version.tar.xz"; do
  [[ -f $src_dir/$f ]] || { log "missing $src_dir/$f (set CAGRI_SHARED to the shared folder)"; exit 1; }
done
(cd "$src_dir" && sha256sum --quiet -c SHA256SUMS) || { log "checksums of $src_dir do not match"; exit 1; }

work=$(mktemp -d /tmp/cagri-asterisk-build.XXXXXX)
trap 'rm -rf "$work"' EXIT
jobs=$(nproc)
rm -rf "$prefix"
mkdir -p "$prefix"

log "unpacking into $work"
tar -C "$work" -xJf "$src_dir/asterisk-$ast_version.tar.xz"
tar -C "$work" -xJf "$src_dir/pjproject-$pj_version.tar.xz"
ast="$work/asterisk-$ast_version"
pj="$work/pjproject-$pj_version"

# pjproject must be built with the limits Asterisk's bundled copy has (its config_site.h), or
# Asterisk aborts at start with "Too many modules registered". Its #include lines name files of the
# bundled build, so they go; the conditionals around the defines stay.
{
  echo '#include <sys/select.h>'
  grep -vE '^[[:space:]]*#[[:space:]]*include' "$ast/third-party/pjproject/patches/config_site.h"
} >"$pj/pjlib/include/pj/config_site.h"
find "$pj" -name '.depend' -delete

log "building pjproject $pj_version ($jobs jobs)"
(
  cd "$pj"
  ./configure --prefix="$prefix" --enable-shared --enable-epoll \
    --disable-sound --disable-video --disable-v4l2 --disable-ext-sound --disable-sdl \
    --disable-libyuv --disable-ffmpeg --disable-openh264 --disable-libwebrtc --disable-ipp \
    --disable-speex-codec --disable-speex-aec --disable-bcg729 --disable-gsm-codec \
    --disable-ilbc-codec --disable-l16-codec --disable-g722-codec --disable-g7221-codec \
    --disable-opencore-amr --disable-silk --disable-opus --disable-libsrtp --disable-upnp \
    --disable-resample --disable-g711-codec --without-external-pa --without-external-srtp \
    CFLAGS='-O2 -fPIC -DNDEBUG' >"$work/pj-configure.log" 2>&1
  make -j"$jobs" >"$work/pj-make.log" 2>&1 || { tail -40 "$work/pj-make.log" >&2; exit 1; }
  make install >"$work/pj-install.log" 2>&1
)

log "building Asterisk $ast_version ($jobs jobs)"
(
  cd "$ast"
  export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
  ./configure --prefix="$prefix" --without-pjproject-bundled --with-pjproject="$prefix" \
    --with-jansson --with-libedit --disable-xmldoc \
    LDFLAGS="-Wl,-rpath,$prefix/lib" >"$work/ast-configure.log" 2>&1 ||
    { tail -40 "$work/ast-configure.log" >&2; exit 1; }
  make menuselect.makeopts >"$work/menuselect.log" 2>&1
  menu=(menuselect/menuselect --disable BUILD_NATIVE --disable-category MENUSELECT_ADDONS
    --disable-category MENUSELECT_CORE_SOUNDS --disable-category MENUSELECT_MOH
    --disable-category MENUSELECT_EXTRA_SOUNDS)
  "${menu[@]}" menuselect.makeopts >>"$work/menuselect.log" 2>&1
  make -j"$jobs" >"$work/ast-make.log" 2>&1 || { grep -E 'error|Error' "$work/ast-make.log" | tail -30 >&2; exit 1; }
  make install >"$work/ast-install.log" 2>&1 || { tail -30 "$work/ast-install.log" >&2; exit 1; }
)

printf '%s\n' "$want" "built $(date -u +%FT%TZ)" >"$stamp"
log "installed into $prefix"
echo "$prefix"
