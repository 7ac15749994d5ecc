# The commands of today's runbooks, kept under the same names and variables. Each target is one
# call to the CLI (dist/cli/index.js, committed); run `make help`, or the CLI's own --help.
#   ENV      dev (default) or prod
#   FILE     source values for deploy-secrets (default secrets.json)
#   PROFILE  AWS profile to use (default: AWS_PROFILE / the standard credential chain)
#   ACCOUNT  the 12-digit AWS account ENV lives in: every command stops if the credentials differ
#   REGION   the AWS region, passed as --region (it must agree with the environments file's)
#   ENVIRONMENTS  the environments file, passed as --environments
#            (default: .github/secrets-environments.json)
#   STRIPE_API_KEY, STRIPE_WEBHOOK_SECRET  for secrets-update-stripe (read from the environment)
#   CONSUMERS  Lambda functions to refresh after a change, as the action's `consumers` input:
#              'stripe/api_key: fn-a, fn-b' (";" between secrets); or CONSUMERS_FILE, one per line
#   PROBE    on (default), off (ask neither Stripe nor Slack) or require (stop when a probe
#            cannot tell): deploy-secrets, secrets-update-stripe, secrets-rollback, secrets-probe
#   FORCE    FORCE=1: secrets-rollback goes on to a version whose probe failed
#   TARGET   the secret secrets-rollback moves back, e.g. stripe/api_key; VERSION  a version id to
#            go back to (default: AWSPREVIOUS)
ENV ?= dev
FILE ?= secrets.json
CLI := node $(dir $(abspath $(firstword $(MAKEFILE_LIST))))dist/cli/index.js
ARGS = --env $(ENV)$(if $(PROFILE), --profile $(PROFILE))$(if $(ACCOUNT), --expected-account-id $(ACCOUNT))$(if $(REGION), --region $(REGION))$(if $(ENVIRONMENTS), --environments $(ENVIRONMENTS))
PROBING = $(if $(filter off,$(PROBE)), --no-probe)$(if $(filter require,$(PROBE)), --require-probe)
REFRESH = $(if $(CONSUMERS), --consumer '$(CONSUMERS)')$(if $(CONSUMERS_FILE), --consumers-file $(CONSUMERS_FILE))

.DEFAULT_GOAL := help
.PHONY: help deploy-secrets secrets-plan secrets-verify secrets-audit secrets-rollback \
	secrets-list secrets-show-stripe secrets-show secrets-update-stripe secrets-probe

help: ## List these targets and their variables
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 26
	@echo
	@echo 'Variables: ENV=dev|prod (default dev)  PROFILE=aws-profile  ACCOUNT=123456789012  FILE=secrets.json'
	@echo '           REGION=eu-west-3 (must agree with the environments file)  ENVIRONMENTS=path/to/file.json'
	@echo 'secrets-update-stripe reads STRIPE_API_KEY and STRIPE_WEBHOOK_SECRET from the environment.'
	@echo "CONSUMERS='stripe/api_key: fn-a, fn-b' (or CONSUMERS_FILE=path): Lambdas refreshed after a change."
	@echo 'secrets-rollback needs TARGET=stripe/api_key (and takes VERSION=version-id, FORCE=1).'
	@echo 'PROBE=off|require: the probes of deploy-secrets, secrets-update-stripe, secrets-rollback.'
	@echo 'Exit status: make exits 0 when the command succeeded and 2 when it failed, whatever the'
	@echo 'CLI said (1 stopped, 2 usage, 3 drift or an audit finding): run the printed command'
	@echo '(node dist/cli/index.js ...) directly to get its own exit code.'

deploy-secrets: ## Validate FILE (secrets.json), then create/update ENV's secrets
	$(CLI) deploy $(ARGS) --file $(FILE)$(REFRESH)$(PROBING)

secrets-plan: ## Show what deploy-secrets would change in ENV; write nothing
	$(CLI) plan $(ARGS) --file $(FILE)

secrets-verify: ## Compare ENV's secrets with FILE; exit 3 when they differ
	$(CLI) verify $(ARGS) --file $(FILE)

secrets-audit: ## Check ENV's secrets are as this tool left them; no value read; exit 3 if not
	$(CLI) audit $(ARGS)

secrets-rollback: ## Move TARGET's current version back (to VERSION, else AWSPREVIOUS)
	$(if $(TARGET),,$(error make secrets-rollback: TARGET= is missing: name the secret to roll back, e.g. make secrets-rollback ENV=dev TARGET=stripe/api_key))
	$(CLI) rollback $(TARGET) $(ARGS)$(if $(VERSION), --to-version $(VERSION))$(PROBING)$(if $(FORCE), --force)

secrets-list: ## List ENV's secrets: dates, versions, writer, issues; no values
	$(CLI) list $(ARGS)

secrets-show-stripe: ## Show ENV's Stripe values as fingerprints (prefix, last 4, hash)
	$(CLI) show --stripe $(ARGS)

secrets-show: ## Show ENV's full values, after you confirm (terminal only)
	$(CLI) show --reveal $(ARGS)

secrets-update-stripe: ## Write STRIPE_API_KEY and/or STRIPE_WEBHOOK_SECRET to ENV
	$(CLI) update-stripe $(ARGS)$(REFRESH)$(PROBING)

secrets-probe: ## Ask Stripe and Slack whether ENV's current values work; write nothing
	$(CLI) probe $(ARGS)$(if $(filter require,$(PROBE)), --require-probe)
