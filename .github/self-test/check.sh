#!/usr/bin/env bash
# The self-test's verdict: what the actions said they did (their outputs, passed in as variables) is what
# moto, the registry and the webhook receiver really hold. Fails on the first difference, saying which.
set -euo pipefail
: "${SELF_TEST_DIR:?}" "${MOTO_PORT:?}" "${REGISTRY:?}"
moto="http://127.0.0.1:$MOTO_PORT"
aws() { command aws --endpoint-url "$moto" --region us-east-1 --output text "$@"; }
fail() { echo "self-test: $*" && exit 1; }
same() { [ "$2" = "$3" ] || fail "$1: expected '$3', got '$2'"; } # what actual expected

site_files='about/index.html assets/app.js assets/style.css index.html'
bucket_files() { aws s3api list-objects-v2 --bucket "$1" --query 'Contents[].Key' | tr '\t' '\n' |
  grep -v '^\.aws-release-kit/' | sort | tr '\n' ' ' | sed 's/ $//'; }

# s3-sync and the composite's s3 step.
same "s3-sync uploaded" "$UPLOADED" 4
same "s3-sync bucket" "$(bucket_files "$SITE_BUCKET")" "$site_files"
same "composite uploaded" "$COMPOSITE_UPLOADED" 4

# The two recorded releases of the site: listed, the newest last; a rollback to the first plans to undo
# the second (a dry run: the site stays as synced).
same "s3-sync uploaded again" "$UPLOADED_AGAIN" 0
same "releases count" "$RELEASES_COUNT" 2
same "latest release" "$RELEASES_LATEST" self-test-2
same "rollback plan" "$ROLLBACK_PLAN" self-test-2
same "composite bucket" "$(bucket_files "$COMPOSITE_BUCKET")" "$site_files"

# ecr-push: the image-uri names the digest the registry serves for the tag.
[[ "$IMAGE_URI" =~ ^"$REGISTRY"/self-test/web@sha256:[0-9a-f]{64}$ ]] || fail "image-uri '$IMAGE_URI'"
served=$(curl -fsSI -H 'Accept: application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' \
  "http://$REGISTRY/v2/self-test/web/manifests/self-test" | tr -d '\r' | sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')
same "registry digest of self-test/web:self-test" "$served" "${IMAGE_URI#*@}"
same "ECR repository" "$(aws ecr describe-repositories --repository-names self-test/web --query 'repositories[0].repositoryName')" self-test/web

# ecs-render + ecs-deploy, then the composite's ECS steps: the service runs the revision the last deploy
# reported, pinned to the pushed digest.
[ -n "$TASK_DEFINITION_ARN" ] || fail "ecs-deploy reported no task-definition-arn"
[ -n "$COMPOSITE_TASK_DEFINITION_ARN" ] || fail "the composite reported no task-definition-arn"
same "ECS service revision" \
  "$(aws ecs describe-services --cluster "$ECS_CLUSTER" --services "$ECS_SERVICE" --query 'services[0].taskDefinition')" \
  "$COMPOSITE_TASK_DEFINITION_ARN"
for arn in "$TASK_DEFINITION_ARN" "$COMPOSITE_TASK_DEFINITION_ARN"; do
  same "image of $arn" \
    "$(aws ecs describe-task-definition --task-definition "$arn" --query 'taskDefinition.containerDefinitions[0].image')" \
    "$IMAGE_URI"
done
same "STAGE set by ecs-render" "$(aws ecs describe-task-definition --task-definition "$TASK_DEFINITION_ARN" \
  --query "taskDefinition.containerDefinitions[0].environment[?name=='STAGE'].value | [0]")" self-test

# lambda-deploy (created the function, published version 1, alias live) and the composite's Lambda step.
same "lambda version" "$LAMBDA_VERSION" 1
same "alias live" "$(aws lambda get-alias --function-name self-test-fn --name live --query FunctionVersion)" 1
same "lambda STAGE" "$(aws lambda get-function-configuration --function-name self-test-fn \
  --query Environment.Variables.STAGE)" self-test
same "composite lambda version" "$COMPOSITE_LAMBDA_VERSION" 1

# notify and the composite's notify: the receiver got what they counted; no @everyone ping, no token.
hooks="$SELF_TEST_DIR/webhooks.jsonl"
discord=$(grep -c '"kind":"discord"' "$hooks" || true)
jandi=$(grep -c '"kind":"jandi"' "$hooks" || true)
same "Discord messages received" "$discord" "$((DISCORD_MESSAGES + COMPOSITE_DISCORD_MESSAGES))"
same "JANDI messages received" "$jandi" "$JANDI_MESSAGES"
[ "$DISCORD_MESSAGES" -ge 1 ] && [ "$JANDI_MESSAGES" -ge 1 ] && [ "$COMPOSITE_DISCORD_MESSAGES" -ge 1 ] ||
  fail "a notify step sent nothing (${DISCORD_MESSAGES}/${JANDI_MESSAGES}/${COMPOSITE_DISCORD_MESSAGES})"
same "every Discord message has allowed_mentions.parse []" \
  "$(jq -s '[.[] | select(.kind == "discord") | .payload.allowed_mentions.parse == []] | all' "$hooks")" true
if jq -r '.payload | tostring' "$hooks" | grep -q 'self-test-token'; then fail "a webhook token is in a message"; fi

# health-check saw moto answer; codedeploy-deploy uploaded the bundle and created the deployment.
same "health-check" "$HEALTHY" true
[ -n "$DEPLOYMENT_ID" ] || fail "codedeploy-deploy reported no deployment-id"
same "deployment's application" "$(aws deploy get-deployment --deployment-id "$DEPLOYMENT_ID" \
  --query deploymentInfo.applicationName)" self-test
[[ "$REVISION_LOCATION" == "s3://$BUNDLE_BUCKET/"* ]] || fail "revision-location '$REVISION_LOCATION'"
aws s3api head-object --bucket "$BUNDLE_BUCKET" --key "${REVISION_LOCATION#s3://"$BUNDLE_BUCKET"/}" > /dev/null ||
  fail "the bundle $REVISION_LOCATION is not in the bucket"

# The step given a bad input failed, and changed nothing.
same "outcome of s3-sync with a bad bucket name" "$BAD_INPUT_OUTCOME" failure
echo "self-test: every action did what it reported"
