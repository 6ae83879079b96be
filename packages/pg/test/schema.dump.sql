-- Normalised catalog of the duraflows schema (generated; see test/integration/schema.test.ts).
TABLE workflow_definitions
  COLUMN content_hash text NOT NULL
  COLUMN definition_json jsonb NOT NULL
  COLUMN registered_at timestamp with time zone NOT NULL DEFAULT now()
  COLUMN version integer NOT NULL
  COLUMN workflow_name text NOT NULL
  CONSTRAINT workflow_definitions_pkey PRIMARY KEY (workflow_name, version)
  INDEX workflow_definitions_pkey CREATE UNIQUE INDEX workflow_definitions_pkey ON workflow_definitions USING btree (workflow_name, version)
TABLE workflow_event_idempotency
  COLUMN created_at timestamp with time zone NOT NULL DEFAULT now()
  COLUMN event_name text NOT NULL
  COLUMN fingerprint text COLLATE "C"
  COLUMN idempotency_key text COLLATE "C" NOT NULL
  COLUMN result_json jsonb
  COLUMN workflow_instance_uuid uuid NOT NULL
  CONSTRAINT workflow_event_idempotency_fingerprint_check CHECK (((fingerprint IS NULL) OR ((octet_length(fingerprint) >= 1) AND (octet_length(fingerprint) <= 256))))
  CONSTRAINT workflow_event_idempotency_idempotency_key_check CHECK (((octet_length(idempotency_key) >= 1) AND (octet_length(idempotency_key) <= 256)))
  CONSTRAINT workflow_event_idempotency_pkey PRIMARY KEY (workflow_instance_uuid, idempotency_key)
  CONSTRAINT workflow_event_idempotency_result_json_check CHECK (((result_json IS NULL) OR (jsonb_typeof(result_json) = 'object'::text)))
  CONSTRAINT workflow_event_idempotency_workflow_instance_uuid_fkey FOREIGN KEY (workflow_instance_uuid) REFERENCES workflow_instances(uuid) ON DELETE CASCADE
  INDEX workflow_event_idempotency_pkey CREATE UNIQUE INDEX workflow_event_idempotency_pkey ON workflow_event_idempotency USING btree (workflow_instance_uuid, idempotency_key)
TABLE workflow_executions
  COLUMN available_at timestamp with time zone NOT NULL
  COLUMN execution_json jsonb NOT NULL
  COLUMN idempotency_key text COLLATE "C" NOT NULL
  COLUMN lease_until timestamp with time zone
  COLUMN revision integer NOT NULL
  COLUMN status text NOT NULL
  COLUMN uuid uuid NOT NULL
  COLUMN workflow_instance_uuid uuid NOT NULL
  CONSTRAINT workflow_executions_execution_json_check CHECK ((jsonb_typeof(execution_json) = 'object'::text))
  CONSTRAINT workflow_executions_idempotency_key_check CHECK (((octet_length(idempotency_key) >= 1) AND (octet_length(idempotency_key) <= 256)))
  CONSTRAINT workflow_executions_pkey PRIMARY KEY (uuid)
  CONSTRAINT workflow_executions_revision_check CHECK ((revision >= 0))
  CONSTRAINT workflow_executions_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'running'::text, 'parked'::text, 'completed'::text, 'cancelled'::text])))
  CONSTRAINT workflow_executions_workflow_instance_uuid_fkey FOREIGN KEY (workflow_instance_uuid) REFERENCES workflow_instances(uuid) ON DELETE CASCADE
  CONSTRAINT workflow_executions_workflow_instance_uuid_idempotency_key_key UNIQUE (workflow_instance_uuid, idempotency_key)
  INDEX workflow_executions_active_idx CREATE UNIQUE INDEX workflow_executions_active_idx ON workflow_executions USING btree (workflow_instance_uuid) WHERE (status = ANY (ARRAY['pending'::text, 'running'::text, 'parked'::text]))
  INDEX workflow_executions_due_idx CREATE INDEX workflow_executions_due_idx ON workflow_executions USING btree (available_at, uuid) WHERE (status = ANY (ARRAY['pending'::text, 'running'::text]))
  INDEX workflow_executions_pkey CREATE UNIQUE INDEX workflow_executions_pkey ON workflow_executions USING btree (uuid)
  INDEX workflow_executions_workflow_instance_uuid_idempotency_key_key CREATE UNIQUE INDEX workflow_executions_workflow_instance_uuid_idempotency_key_key ON workflow_executions USING btree (workflow_instance_uuid, idempotency_key)
TABLE workflow_history
  COLUMN command_results_json jsonb NOT NULL DEFAULT '[]'::jsonb
  COLUMN created_at timestamp with time zone NOT NULL DEFAULT now()
  COLUMN definition_version integer
  COLUMN error_message text
  COLUMN event_name text NOT NULL
  COLUMN from_state text
  COLUMN outcome text NOT NULL
  COLUMN rejected_by text
  COLUMN seq bigint NOT NULL GENERATED ALWAYS AS IDENTITY
  COLUMN to_state text NOT NULL
  COLUMN trigger_metadata_json jsonb NOT NULL DEFAULT '{}'::jsonb
  COLUMN uuid uuid NOT NULL DEFAULT gen_random_uuid()
  COLUMN workflow_instance_uuid uuid NOT NULL
  CONSTRAINT workflow_history_outcome_check CHECK ((outcome = ANY (ARRAY['success'::text, 'failure'::text, 'guard-rejected'::text])))
  CONSTRAINT workflow_history_pkey PRIMARY KEY (uuid)
  CONSTRAINT workflow_history_workflow_instance_uuid_fkey FOREIGN KEY (workflow_instance_uuid) REFERENCES workflow_instances(uuid)
  INDEX workflow_history_instance_created_idx CREATE INDEX workflow_history_instance_created_idx ON workflow_history USING btree (workflow_instance_uuid, created_at DESC)
  INDEX workflow_history_instance_seq_idx CREATE INDEX workflow_history_instance_seq_idx ON workflow_history USING btree (workflow_instance_uuid, seq DESC)
  INDEX workflow_history_pkey CREATE UNIQUE INDEX workflow_history_pkey ON workflow_history USING btree (uuid)
TABLE workflow_instances
  COLUMN context_json jsonb NOT NULL DEFAULT '{}'::jsonb
  COLUMN created_at timestamp with time zone NOT NULL DEFAULT now()
  COLUMN current_state text NOT NULL
  COLUMN definition_version integer
  COLUMN expires_at timestamp with time zone
  COLUMN last_transition_at timestamp with time zone NOT NULL DEFAULT now()
  COLUMN metadata_json jsonb NOT NULL DEFAULT '{}'::jsonb
  COLUMN timeout_attempts integer NOT NULL DEFAULT 0
  COLUMN timeout_last_error text
  COLUMN timeout_parked_at timestamp with time zone
  COLUMN timeout_retry_at timestamp with time zone
  COLUMN updated_at timestamp with time zone NOT NULL DEFAULT now()
  COLUMN uuid uuid NOT NULL
  COLUMN version integer NOT NULL DEFAULT 0
  COLUMN workflow_name text NOT NULL
  CONSTRAINT workflow_instances_pkey PRIMARY KEY (uuid)
  INDEX workflow_instances_definition_version_idx CREATE INDEX workflow_instances_definition_version_idx ON workflow_instances USING btree (workflow_name, definition_version)
  INDEX workflow_instances_expires_at_idx CREATE INDEX workflow_instances_expires_at_idx ON workflow_instances USING btree (expires_at) WHERE (expires_at IS NOT NULL)
  INDEX workflow_instances_last_transition_idx CREATE INDEX workflow_instances_last_transition_idx ON workflow_instances USING btree (workflow_name, last_transition_at DESC, uuid DESC)
  INDEX workflow_instances_pkey CREATE UNIQUE INDEX workflow_instances_pkey ON workflow_instances USING btree (uuid)
  INDEX workflow_instances_timeout_due_idx CREATE INDEX workflow_instances_timeout_due_idx ON workflow_instances USING btree (COALESCE(timeout_retry_at, expires_at)) WHERE ((expires_at IS NOT NULL) AND (timeout_parked_at IS NULL))
  INDEX workflow_instances_timeout_parked_idx CREATE INDEX workflow_instances_timeout_parked_idx ON workflow_instances USING btree (timeout_parked_at) WHERE (timeout_parked_at IS NOT NULL)
  INDEX workflow_instances_workflow_name_idx CREATE INDEX workflow_instances_workflow_name_idx ON workflow_instances USING btree (workflow_name)
TABLE workflow_outbox
  COLUMN attempts integer NOT NULL DEFAULT 0
  COLUMN available_at timestamp with time zone NOT NULL
  COLUMN created_at timestamp with time zone NOT NULL
  COLUMN delivered_at timestamp with time zone
  COLUMN event_json jsonb NOT NULL
  COLUMN last_error text
  COLUMN observer_name text NOT NULL
  COLUMN seq bigint NOT NULL GENERATED ALWAYS AS IDENTITY
  COLUMN status text NOT NULL DEFAULT 'pending'::text
  COLUMN uuid uuid NOT NULL
  COLUMN workflow_instance_uuid uuid NOT NULL
  COLUMN workflow_name text NOT NULL
  CONSTRAINT workflow_outbox_pkey PRIMARY KEY (uuid)
  CONSTRAINT workflow_outbox_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'delivered'::text, 'parked'::text])))
  INDEX workflow_outbox_delivered_at_idx CREATE INDEX workflow_outbox_delivered_at_idx ON workflow_outbox USING btree (delivered_at) WHERE (status = 'delivered'::text)
  INDEX workflow_outbox_pending_instance_idx CREATE INDEX workflow_outbox_pending_instance_idx ON workflow_outbox USING btree (workflow_instance_uuid, observer_name, seq) WHERE (status = 'pending'::text)
  INDEX workflow_outbox_pkey CREATE UNIQUE INDEX workflow_outbox_pkey ON workflow_outbox USING btree (uuid)
  INDEX workflow_outbox_status_seq_idx CREATE INDEX workflow_outbox_status_seq_idx ON workflow_outbox USING btree (status, seq)
