# Production images: `api` runs the API bundle (one image, any number of replicas); `console` is
# nginx with the built console, balancing /api over the replicas (tools/nginx.conf).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
ENV NX_DAEMON=false NX_NO_CLOUD=true
RUN npx nx run-many -t build -p api admin --outputStyle=static

FROM node:20-bookworm-slim AS api
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist/apps/api ./dist/apps/api
EXPOSE 3000
USER node
CMD ["node", "--enable-source-maps", "dist/apps/api/main.js"]

FROM nginx:1.27-alpine AS console
COPY --from=build /app/dist/apps/admin /usr/share/nginx/html
COPY tools/nginx.conf /etc/nginx/conf.d/default.conf
COPY tools/nginx-security-headers.conf /etc/nginx/security-headers.conf
