#!/bin/sh
# Writes the secrets that Asterisk's config files #include (cagri-secrets/*.conf) from the
# environment, then starts Asterisk. Keeps every password out of the repository and the image.
set -eu

dir=/etc/asterisk/cagri-secrets
umask 077
mkdir -p "$dir"

write_secret() { # file variable-name
  eval "value=\${$2:-}"
  if [ -z "$value" ]; then
    echo "docker-entrypoint: $2 is not set; set it in .env (see .env.example)" >&2
    exit 1
  fi
  printf 'password = %s\n' "$value" > "$dir/$1"
}

write_secret ari-password.conf ARI_PASSWORD
write_secret op1-password.conf SIP_PASSWORD_OP1
write_secret op2-password.conf SIP_PASSWORD_OP2
write_secret op3-password.conf SIP_PASSWORD_OP3
write_secret duty-password.conf SIP_PASSWORD_DUTY
# Only needed once the trunk template in pjsip.conf is enabled with a registration.
if [ -n "${SIP_PASSWORD_TRUNK:-}" ]; then write_secret trunk-password.conf SIP_PASSWORD_TRUNK; fi

chown -R asterisk:asterisk "$dir"
# The image's own entrypoint adapts the asterisk user's uid/gid, then runs Asterisk in the
# foreground; it drops root privileges itself (-U asterisk).
exec /usr/local/bin/entrypoint.sh /usr/sbin/asterisk -f -vvv -T -U asterisk -p
