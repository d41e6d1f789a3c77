#!/bin/sh
# Writes the secrets and carrier details that Asterisk's config files #include
# (cagri-secrets/*.conf) from the environment, then starts Asterisk. Keeps every password and
# every site-specific address out of the repository and the image.
#
#   docker-entrypoint.sh                      in the container: write /etc/asterisk/cagri-secrets, run Asterisk
#   docker-entrypoint.sh --secrets-only DIR   write the files into DIR and exit (the real-Asterisk
#                                             test tier uses this, so it tests what ships)
set -eu

secrets_only=no
dir=/etc/asterisk/cagri-secrets
if [ "${1:-}" = --secrets-only ]; then
  secrets_only=yes
  dir=${2:?usage: docker-entrypoint.sh --secrets-only DIR}
fi
umask 077
mkdir -p "$dir"

fail() {
  echo "docker-entrypoint: $*" >&2
  exit 1
}

write_secret() { # file variable-name
  eval "value=\${$2:-}"
  [ -n "$value" ] || fail "$2 is not set; set it in .env (see .env.example)"
  printf 'password = %s\n' "$value" >"$dir/$1"
}

write_secret ari-password.conf ARI_PASSWORD
write_secret op1-password.conf SIP_PASSWORD_OP1
write_secret op2-password.conf SIP_PASSWORD_OP2
write_secret op3-password.conf SIP_PASSWORD_OP3
write_secret duty-password.conf SIP_PASSWORD_DUTY

# The carrier trunk (pjsip.conf [trunk]). Without SIP_TRUNK_ADDRESS the endpoint exists but no
# call is taken from or sent to a carrier: fine for a demo with operators' phones only.
trunk_address=${SIP_TRUNK_ADDRESS:-}
trunk_host=${trunk_address%%:*}
trunk_match=${SIP_TRUNK_MATCH:-$trunk_host}
trunk_user=${SIP_TRUNK_USERNAME:-}
{
  echo '; written by docker-entrypoint.sh from the environment'
  if [ -n "$trunk_host" ]; then echo "from_domain = $trunk_host"; fi
  if [ -n "$trunk_user" ]; then echo 'outbound_auth = trunk-auth'; fi
} >"$dir/trunk-endpoint.conf"
{
  echo '; written by docker-entrypoint.sh from SIP_TRUNK_ADDRESS'
  if [ -n "$trunk_address" ]; then echo "contact = sip:$trunk_address"; fi
} >"$dir/trunk-aor.conf"
{
  echo '; written by docker-entrypoint.sh from SIP_TRUNK_MATCH / SIP_TRUNK_USERNAME'
  if [ -n "$trunk_match" ]; then
    printf '[trunk-identify]\ntype = identify\nendpoint = trunk\nmatch = %s\n' "$trunk_match"
  fi
  if [ -n "$trunk_user" ]; then
    [ -n "${SIP_PASSWORD_TRUNK:-}" ] || fail "SIP_TRUNK_USERNAME is set but SIP_PASSWORD_TRUNK is not"
    [ -n "$trunk_address" ] || fail "SIP_TRUNK_USERNAME is set but SIP_TRUNK_ADDRESS is not"
    printf '[trunk-auth]\ntype = auth\nauth_type = digest\nusername = %s\npassword = %s\n' \
      "$trunk_user" "$SIP_PASSWORD_TRUNK"
    printf '[trunk-registration]\ntype = registration\ntransport = transport-udp\noutbound_auth = trunk-auth\n'
    printf 'server_uri = sip:%s\nclient_uri = sip:%s@%s\ncontact_user = 1655\nretry_interval = 60\n' \
      "$trunk_address" "$trunk_user" "$trunk_address"
  fi
} >"$dir/trunk-carrier.conf"
if [ -z "$trunk_address" ]; then
  echo 'docker-entrypoint: SIP_TRUNK_ADDRESS is not set: no carrier, so no citizens call in and no callbacks go out' >&2
fi

[ "$secrets_only" = no ] || exit 0

chown -R asterisk:asterisk "$dir"
# The image's own entrypoint adapts the asterisk user's uid/gid, then runs Asterisk in the
# foreground; it drops root privileges itself (-U asterisk).
exec /usr/local/bin/entrypoint.sh /usr/sbin/asterisk -f -vvv -T -U asterisk -p
