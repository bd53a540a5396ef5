#!/usr/bin/env bash
# Install PostgreSQL 15 server binaries and the pgvector extension where they are missing.
# Does nothing when both are present. pgvector is built from Debian trixie's source package,
# fetched with a private apt source list so the system's own sources stay untouched.
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin
PG_CONFIG="$PG_BIN/pg_config"
apt_updated=0

apt_install() {
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if [ ! -x "$PG_BIN/initdb" ] || [ ! -f /usr/share/postgresql/15/extension/pgcrypto.control ]; then
  echo "install_postgres: installing postgresql-15"
  apt_install postgresql-15 postgresql-contrib-15 || apt_install postgresql-15
fi

sharedir=$("$PG_CONFIG" --sharedir 2>/dev/null || echo /usr/share/postgresql/15)
if [ -f "$sharedir/extension/vector.control" ]; then
  echo "install_postgres: PostgreSQL 15 and pgvector already installed"
  exit 0
fi

echo "install_postgres: building pgvector from Debian trixie source"
apt_install postgresql-server-dev-15 build-essential dpkg-dev
work=$(mktemp -d)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial"
cat > "$work/trixie-src.sources" <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
apt_opts=(-o "Dir::Etc::sourcelist=$work/trixie-src.sources" -o Dir::Etc::sourceparts=/nonexistent
          -o "Dir::State::Lists=$work/lists")
apt-get "${apt_opts[@]}" update -qq
(cd "$work" && apt-get "${apt_opts[@]}" source --download-only pgvector >/dev/null)
tar -C "$work" -xf "$(ls "$work"/pgvector_*.orig.tar.* | head -n1)"
srcdir=$(find "$work" -maxdepth 1 -type d -name 'pgvector-*' | head -n1)
make -C "$srcdir" -s PG_CONFIG="$PG_CONFIG" >/dev/null
make -C "$srcdir" -s PG_CONFIG="$PG_CONFIG" install >/dev/null
echo "install_postgres: pgvector installed into $sharedir/extension"
