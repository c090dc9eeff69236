// A tiny Lambda handler (Node.js 20, ES module): answers with a greeting and where it runs.
// The function's STAGE variable is set by the deploy (lambda-deploy --environment STAGE=...).
export const handler = async (event) => {
  const name = event?.queryStringParameters?.name ?? 'world';
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      message: `hello, ${name}`,
      stage: process.env.STAGE ?? 'unknown',
      version: process.env.AWS_LAMBDA_FUNCTION_VERSION ?? '$LATEST',
    }),
  };
};
