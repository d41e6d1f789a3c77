# cagri: the engine image. Runs the TypeScript sources through tsx (a runtime dependency), so
# the engine has no build step: what is in src/ is what runs. The web app (web/: Vite + React)
# is built in the first stage; only its static files are kept.
FROM node:22.20.0-bookworm-slim AS web
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY web ./web
COPY src/webapp/page-paths.ts ./src/webapp/page-paths.ts
RUN npm run build:web

FROM node:22.20.0-bookworm-slim

WORKDIR /app

# espeak-ng and sox: `cagri prompts` generates the hotline's prompts with them (compose runs it
# once before Asterisk starts). /sounds is where it writes; owned by the unprivileged user.
RUN apt-get update \
  && apt-get install -y --no-install-recommends espeak-ng sox \
  && rm -rf /var/lib/apt/lists/* \
  && mkdir -p /sounds && chown node:node /sounds

# Dependencies first, so a source change does not reinstall them.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force

COPY tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY sql ./sql
COPY config ./config
# Served by src/webapp/webapp-plugin.ts at /, /desk, /wallboard, ...
COPY --from=web /app/web/dist ./web/dist

ENV NODE_ENV=production
# The write journal's folder (a volume in compose), owned by the user cagri runs as.
RUN mkdir -p /var/lib/cagri && chown node:node /var/lib/cagri
# The node image's unprivileged user; cagri needs no root.
USER node
EXPOSE 8080
# serve applies pending migrations at start-up, then connects to ARI, Postgres and Redis.
CMD ["node", "bin/cagri.js", "serve"]
