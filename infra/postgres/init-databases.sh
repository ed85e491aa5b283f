#!/usr/bin/env bash
# One database and one login role per service; no other role may connect to it.
set -euo pipefail
for service in identity cases ideas reputation; do
  var="CHORUS_${service^^}_DB_PASSWORD"
  password="${!var:?$var must be set}"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE chorus_${service} LOGIN PASSWORD '${password}';
CREATE DATABASE chorus_${service} OWNER chorus_${service};
REVOKE ALL ON DATABASE chorus_${service} FROM PUBLIC;
SQL
done
