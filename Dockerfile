# syntax=docker/dockerfile:1
# l2node image: `docker build -t l2node --build-arg VERSION=$(git describe --tags --always --dirty) --build-arg COMMIT=$(git rev-parse HEAD) .`
# (docs/deploy.md). The entrypoint is the l2node binary; the datadir is /data.

ARG GO_VERSION=1.26

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
# Modules first, so that a source change does not download them again.
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
# `make build` with the version and commit given here (the build context has no .git).
ARG VERSION=dev
ARG COMMIT=unknown
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    make build VERSION="${VERSION}" COMMIT="${COMMIT}" && ./bin/l2node version

FROM debian:bookworm-slim
# ca-certificates: the L1 JSON-RPC is usually https. The binary links glibc only (cgo for
# go-ethereum's secp256k1), which bookworm-slim has.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 l2node \
    && useradd --system --uid 10001 --gid l2node --home-dir /data --no-create-home --shell /usr/sbin/nologin l2node \
    && mkdir -p /data && chown l2node:l2node /data && chmod 700 /data
COPY --from=build /src/bin/l2node /usr/local/bin/l2node
ARG VERSION=dev
ARG COMMIT=unknown
LABEL org.opencontainers.image.title="l2node" \
      org.opencontainers.image.description="A peer of the l2node rollup network: sequencer, validator, DA, light or relayer" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}"
USER 10001:10001
# Every command's --datadir (also `l2node init` and `l2node keys`) defaults to /data.
ENV L2NODE_DATADIR=/data
VOLUME /data
WORKDIR /data
# p2p (TCP and QUIC), L2 JSON-RPC, metrics and health. A node binds RPC and metrics on
# loopback by default: give a container `--rpc-addr 0.0.0.0:8545 --metrics-addr 0.0.0.0:9700`
# (or set them in config.toml) to publish them.
EXPOSE 7700/tcp 7700/udp 8545/tcp 9700/tcp
ENTRYPOINT ["l2node"]
CMD ["run"]
