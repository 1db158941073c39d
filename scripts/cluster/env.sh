# The loopback cluster's addresses and the production settings' environment (sourced).
CLUSTER_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RUN=$CLUSTER_ROOT/.cluster/run
PG_PORT=${PG_PORT:-5432}
CLUSTER_DB=${CLUSTER_DB:-alma_cluster}
BOUNCER_PORT=${BOUNCER_PORT:-16432}
REDIS_PORT=${REDIS_PORT:-16379}
S3_PORT=${S3_PORT:-19000}
LB_PORT=${LB_PORT:-18000}
APP_A_PORT=${APP_A_PORT:-18001}
APP_B_PORT=${APP_B_PORT:-18002}
APP_WORKERS=${APP_WORKERS:-2}

export DJANGO_SETTINGS_MODULE=alma.settings.production
export SECRET_KEY=cluster-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz
export DATABASE_URL=postgres://postgres@127.0.0.1:$BOUNCER_PORT/$CLUSTER_DB
export ALMA_PGBOUNCER=true
export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
export ALMA_CACHE_PREFIX=alma-cluster
export AWS_STORAGE_BUCKET_NAME=alma-media
export AWS_S3_ENDPOINT_URL=http://127.0.0.1:$S3_PORT
export AWS_S3_REGION_NAME=us-east-1
export AWS_ACCESS_KEY_ID=cluster AWS_SECRET_ACCESS_KEY=cluster
export AWS_S3_CUSTOM_DOMAIN=127.0.0.1:$LB_PORT/media AWS_S3_URL_PROTOCOL=http:
export MEDIA_URL=http://127.0.0.1:$LB_PORT/media/
export ALMA_TASKS=database
export ALMA_REQUIRE_SERVICES=database,redis,storage,tasks
export ALLOWED_HOSTS=127.0.0.1,localhost
export CSRF_TRUSTED_ORIGINS=http://127.0.0.1:$LB_PORT,http://127.0.0.1:$APP_A_PORT,http://127.0.0.1:$APP_B_PORT
export ALMA_BASE_URL=http://127.0.0.1:$LB_PORT
# No TLS on loopback: no HTTPS redirect, no HSTS, cookies over plain HTTP.
export SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0 ALMA_SECURE_COOKIES=false
export STATIC_ROOT=$CLUSTER_ROOT/.cluster/static
