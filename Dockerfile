# Production image for the API and the worker (same image, different command).
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
USER node
EXPOSE 3000
# node itself is PID 1 (no npx in between), so SIGTERM reaches the graceful stop in src/main.ts.
CMD ["node", "--import", "tsx", "src/main.ts"]
