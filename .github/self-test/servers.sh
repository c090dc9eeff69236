#!/usr/bin/env bash
# The self-test workflow's stand-ins, on loopback, and what its deploys need to find there:
#   moto (AWS APIs) on MOTO_PORT, a docker-registry on REGISTRY_PORT, the Discord/JANDI receiver
#   (webhook-receiver.mjs, payloads appended to $SELF_TEST_DIR/webhooks.jsonl) on WEBHOOK_PORT;
#   in moto: the buckets SITE_BUCKET and COMPOSITE_BUCKET, the ECS cluster ECS_CLUSTER with the service
#   ECS_SERVICE on examples/task-definition.json, the Lambda execution role LAMBDA_ROLE_NAME, and the
#   CodeDeploy application self-test (group prd) with BUNDLE_BUCKET and a revision in $SELF_TEST_DIR/revision.
# Each server runs in the background (the runner stops it at the end of the job; locally, the pids are in
# $SELF_TEST_DIR/pids) and is waited for before anything is created. Needs moto_server, docker-registry,
# node and the aws CLI (v1 or v2), and fake AWS credentials in the environment: nothing here may reach AWS.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${SELF_TEST_DIR:?}" "${MOTO_PORT:?}" "${REGISTRY_PORT:?}" "${WEBHOOK_PORT:?}"
: "${SITE_BUCKET:?}" "${COMPOSITE_BUCKET:?}" "${BUNDLE_BUCKET:?}" "${ECS_CLUSTER:?}" "${ECS_SERVICE:?}" "${LAMBDA_ROLE_NAME:?}"
case "${AWS_ACCESS_KEY_ID:-}" in testing | '') ;; *) echo "AWS_ACCESS_KEY_ID must be the fake 'testing'" && exit 1 ;; esac
mkdir -p "$SELF_TEST_DIR"
moto="http://127.0.0.1:$MOTO_PORT"

wait_for() { # url name
  for _ in $(seq 1 100); do
    if curl -fs -o /dev/null "$1"; then return 0; fi
    sleep 0.3
  done
  echo "$2 did not answer at $1" && exit 1
}

# ECS services in moto report their desired count as running, as a healthy service would.
MOTO_ECS_SERVICE_RUNNING=1 nohup moto_server -H 127.0.0.1 -p "$MOTO_PORT" > "$SELF_TEST_DIR/moto.log" 2>&1 &
echo $! >> "$SELF_TEST_DIR/pids"
cat > "$SELF_TEST_DIR/registry.yml" <<YAML
version: 0.1
log: { level: error }
storage: { filesystem: { rootdirectory: $SELF_TEST_DIR/registry }, delete: { enabled: true } }
http: { addr: "127.0.0.1:$REGISTRY_PORT" }
YAML
nohup docker-registry serve "$SELF_TEST_DIR/registry.yml" > "$SELF_TEST_DIR/registry.log" 2>&1 &
echo $! >> "$SELF_TEST_DIR/pids"
nohup node .github/self-test/webhook-receiver.mjs "$WEBHOOK_PORT" "$SELF_TEST_DIR/webhooks.jsonl" \
  > "$SELF_TEST_DIR/receiver.log" 2>&1 &
echo $! >> "$SELF_TEST_DIR/pids"
: > "$SELF_TEST_DIR/webhooks.jsonl"
wait_for "$moto/moto-api/" moto_server
wait_for "http://127.0.0.1:$REGISTRY_PORT/v2/" docker-registry
wait_for "http://127.0.0.1:$WEBHOOK_PORT/ping" "the webhook receiver"
: > "$SELF_TEST_DIR/webhooks.jsonl" # the ping above is not a message

aws() { command aws --endpoint-url "$moto" --region us-east-1 --output text "$@"; }
aws s3api create-bucket --bucket "$SITE_BUCKET" > /dev/null
aws s3api create-bucket --bucket "$COMPOSITE_BUCKET" > /dev/null
aws ecs create-cluster --cluster-name "$ECS_CLUSTER" > /dev/null
first=$(aws ecs register-task-definition --cli-input-json file://examples/task-definition.json \
  --query taskDefinition.taskDefinitionArn)
aws ecs create-service --cluster "$ECS_CLUSTER" --service-name "$ECS_SERVICE" --task-definition "$first" \
  --desired-count 1 --launch-type FARGATE > /dev/null
aws iam create-role --role-name "$LAMBDA_ROLE_NAME" --assume-role-policy-document \
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}' \
  > /dev/null
# CodeDeploy: an application and an in-place deployment group (moto keeps deployments as created), a
# bucket for the bundle, and a revision directory: an appspec with one file and one hook.
aws s3api create-bucket --bucket "$BUNDLE_BUCKET" > /dev/null
aws deploy create-application --application-name self-test --compute-platform Server > /dev/null
aws deploy create-deployment-group --application-name self-test --deployment-group-name prd \
  --service-role-arn arn:aws:iam::123456789012:role/codedeploy \
  --ec2-tag-filters Key=app,Value=self-test,Type=KEY_AND_VALUE > /dev/null
mkdir -p "$SELF_TEST_DIR/revision/scripts"
printf 'self-test\n' > "$SELF_TEST_DIR/revision/app.txt"
printf '#!/bin/sh\necho started\n' > "$SELF_TEST_DIR/revision/scripts/start.sh"
chmod +x "$SELF_TEST_DIR/revision/scripts/start.sh"
cat > "$SELF_TEST_DIR/revision/appspec.yml" <<'YAML'
version: 0.0
os: linux
files:
  - source: app.txt
    destination: /opt/self-test
hooks:
  ApplicationStart:
    - location: scripts/start.sh
      timeout: 30
YAML
echo "moto $moto, registry 127.0.0.1:$REGISTRY_PORT, webhooks http://127.0.0.1:$WEBHOOK_PORT"
echo "created: s3://$SITE_BUCKET, s3://$COMPOSITE_BUCKET, ECS $ECS_CLUSTER/$ECS_SERVICE on $first, IAM role $LAMBDA_ROLE_NAME"
