#!/usr/bin/env bash
# Builds the project's container images on this machine, since no image registry may be reachable:
# a Debian bookworm base with a Java 17 runtime made by debootstrap, then PostgreSQL 15 and HAProxy
# images from it, and the Toxiproxy-compatible fault proxy's image from the toxiproxy module's jar.
# An image that already exists is skipped. The apt mirror is read from this machine's own apt
# sources; no host name is written in this repository.
set -euo pipefail
cd "$(dirname "$0")"

BASE=lms-harness/base:bookworm-jre17
POSTGRES=lms-harness/postgres:15
HAPROXY=lms-harness/haproxy:2.6
TOXIPROXY=lms-harness/toxiproxy:2.12
JRE=lms-harness/jre:harness

exists() { docker image inspect "$1" >/dev/null 2>&1; }

mirror() {
  local uri=""
  if ls /etc/apt/sources.list.d/*.sources >/dev/null 2>&1; then
    uri=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v -- '-security' | head -1)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(grep -h '^deb ' /etc/apt/sources.list | awk '{print $2}' | grep -v -- '-security' | head -1)
  fi
  [ -n "$uri" ] || { echo "images/build.sh: no apt mirror found in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list" >&2; exit 1; }
  echo "$uri"
}

if ! exists "$BASE"; then
  command -v debootstrap >/dev/null || { echo "images/build.sh: debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }
  root=$(mktemp -d)
  trap 'rm -rf "$root"' EXIT
  echo "building $BASE with debootstrap (about a minute)"
  debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates bookworm "$root" "$(mirror)" >/dev/null
  # The downloaded packages and lists would add ~345 MB to the image.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  tar -C "$root" -c . | docker import -c 'ENV LANG=C.UTF-8' - "$BASE" >/dev/null
  rm -rf "$root"
  trap - EXIT
fi

exists "$POSTGRES" || docker build -q -t "$POSTGRES" -f postgres.Dockerfile . >/dev/null
exists "$HAPROXY" || docker build -q -t "$HAPROXY" -f haproxy.Dockerfile . >/dev/null

# The replicas' image holds the JVM that runs the harness (as Maven picks it: JAVA_HOME, else java on
# PATH), the JVM local replicas run: both back ends then run one JVM build. Rebuilt when that JVM
# changes (its fingerprint is a label).
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
home=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')
[ -n "$home" ] || { echo "images/build.sh: no JVM to copy into $JRE ($java does not run)" >&2; exit 1; }
fingerprint=$({ echo "$home"; "$java" -version 2>&1; cat "$home/release" 2>/dev/null; } | sha256sum | cut -c1-64)
if [ "$(docker image inspect -f '{{index .Config.Labels "lms-harness.jvm-sha256"}}' "$JRE" 2>/dev/null)" != "$fingerprint" ]; then
  old=$(docker image inspect -f '{{.Id}}' "$JRE" 2>/dev/null || true)
  context=$(mktemp -d)
  mkdir "$context/jvm"
  # Symbolic links followed (Debian's point into /etc); dangling ones (lib/src.zip without the sources) left out.
  (cd "$home" && find -L bin conf lib release -type l > "$context/dangling" 2>/dev/null || true)
  tar -C "$home" -ch --exclude-from="$context/dangling" bin conf lib release | tar -C "$context/jvm" -x
  echo "building $JRE with the JVM at $home"
  docker build -q -t "$JRE" --label "lms-harness.jvm-sha256=$fingerprint" -f "$PWD/jre.Dockerfile" "$context" >/dev/null
  rm -rf "$context"
  if [ -n "$old" ]; then docker image rm "$old" >/dev/null 2>&1 || true; fi
fi

# The fault proxy's image holds this checkout's jar: packaged when absent (a fresh clone), and the image
# rebuilt only when the jar differs from the one it holds (its checksum is the image's label).
jar=$(ls ../toxiproxy/target/toxiproxy-*-all.jar 2>/dev/null | head -1 || true)
if [ -z "$jar" ]; then
  echo "packaging the toxiproxy module for its image"
  (cd .. && ./mvnw -q -B -ntp -pl toxiproxy package -Dmaven.test.skip=true)
  jar=$(ls ../toxiproxy/target/toxiproxy-*-all.jar | head -1)
fi
sum=$(sha256sum "$jar" | cut -c1-64)
if [ "$(docker image inspect -f '{{index .Config.Labels "lms-harness.jar-sha256"}}' "$TOXIPROXY" 2>/dev/null)" != "$sum" ]; then
  old=$(docker image inspect -f '{{.Id}}' "$TOXIPROXY" 2>/dev/null || true)
  context=$(mktemp -d)
  cp "$jar" "$context/toxiproxy-server.jar"
  docker build -q -t "$TOXIPROXY" --label "lms-harness.jar-sha256=$sum" -f toxiproxy.Dockerfile "$context" >/dev/null
  rm -rf "$context"
  # The image it replaces would stay behind untagged, one per rebuild: removed unless a container still uses it.
  if [ -n "$old" ]; then docker image rm "$old" >/dev/null 2>&1 || true; fi
fi
docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep '^lms-harness/'
