# One image recipe for the platform's services: `api`, `workers` and `ui` are build targets.
# No engine image: the embedded engine runs inside api and workers; a Camunda 8 cluster is the operator's own.

FROM node:20.19.5-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM node:20.19.5-bookworm-slim AS runtime
ENV NODE_ENV=production
# the notices are printed as PDF in Chinese: a CJK font (PDF_FONT_PATH points into it)
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY processes ./processes
USER node

FROM runtime AS api
ENV HOST=0.0.0.0 PORT=3000 UI_DIST_DIR=/app/ui-not-served
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/api/server.js"]

FROM runtime AS workers
CMD ["node", "dist/workers/main.js"]

FROM nginx:1.27.3-alpine AS ui
COPY deploy/nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/modeler-ui/dist /usr/share/nginx/html
EXPOSE 80
