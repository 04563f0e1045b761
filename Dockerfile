# One image for every sigstead service; choose services with --only (see README).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY apps ./apps
COPY libs ./libs
RUN npm ci --no-audit --no-fund
COPY tsconfig.base.json tsconfig.build.json ./
RUN npx tsc -b tsconfig.build.json && npm prune --omit=dev

FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app /app
RUN mkdir -p /var/lib/sigstead && chown node:node /var/lib/sigstead
USER node
EXPOSE 5555 6962 3000 8080
ENTRYPOINT ["node", "--initial-old-space-size=256", "apps/server/dist/main.js"]
CMD ["--config", "/etc/sigstead/config.yaml"]
