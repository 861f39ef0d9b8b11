/** Reads a variable that the integration globalSetup exports to the test workers. */
export function requireSetupEnv(
  name: 'MONGODB_URI' | 'TEMPORAL_ADDRESS' | 'TEMPORAL_TEST_SERVER_PATH' | 'TEMPORAL_CLI_PATH'
    | 'MAILPIT_SMTP_URL'
    | 'MAILPIT_URL',
): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: run this file in the integration project (npx jest --selectProjects integration <path>), whose globalSetup starts the services`,
    );
  }
  return value;
}
