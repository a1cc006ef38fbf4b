# syntax=docker/dockerfile:1
#
# mentorbot container: docker build -t mentorbot .
#   docker run -e SLACK_BOT_TOKEN=xoxb-... -e SLACK_APP_TOKEN=xapp-... -v mentorbot-data:/data mentorbot
# Socket Mode needs no inbound port. /healthz, /readyz and /metrics listen on
# MENTORBOT_HTTP_ADDR, loopback inside the container by default (enough for
# the HEALTHCHECK below); set it to 0.0.0.0:8080 and publish the port to let
# Prometheus scrape /metrics.

# Builder and runtime share Debian 12 (bookworm), so the cgo binary links
# against the same glibc it runs on.
FROM golang:1.26-bookworm AS build
WORKDIR /src
# Modules first: this layer is reused until go.mod/go.sum change.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
# go-sqlite3 is C code: cgo on, gcc comes with the golang image.
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=1 go build -trimpath -ldflags "-s -w" -o /out/mentorbot ./cmd/mentorbot

FROM debian:bookworm-slim
# ca-certificates: TLS to slack.com; tzdata: participants' IANA time zones.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 mentorbot \
    && useradd --system --uid 10001 --gid mentorbot --home-dir /data --no-create-home \
        --shell /usr/sbin/nologin mentorbot \
    && mkdir -p /data \
    && chown mentorbot:mentorbot /data
COPY --from=build /out/mentorbot /usr/local/bin/mentorbot
# The database (and its -wal/-shm files) lives on the volume; a new named
# volume takes /data's ownership, so the non-root user can write to it.
VOLUME /data
WORKDIR /data
ENV MENTORBOT_DB=/data/mentorbot.db
ENV MENTORBOT_HTTP_ADDR=127.0.0.1:8080
USER 10001:10001
# No curl in this image: the binary checks itself (GET /healthz on
# MENTORBOT_HTTP_ADDR; `mentorbot healthcheck --ready` checks /readyz, Slack
# connected and the database writable, for orchestrators that want it).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["/usr/local/bin/mentorbot", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/mentorbot"]
CMD ["serve"]
