# The web console is built in its own stage (vite and React are dev dependencies); only web/dist is kept.
FROM node:20-bookworm-slim AS web
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web ./web
RUN npm run build

# Production image for the API and the worker (same image, different command). The API serves web/dist at /.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
COPY bin ./bin
COPY --from=web /app/web/dist ./web/dist
USER node
EXPOSE 3000
# node itself is PID 1 (no npx in between), so SIGTERM reaches the graceful stop in src/main.ts.
CMD ["node", "--import", "tsx", "src/main.ts"]
