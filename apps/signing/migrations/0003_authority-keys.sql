CREATE TABLE "signing"."authority_keys" (
	"kind" text NOT NULL,
	"generation" integer NOT NULL,
	"certificate" text NOT NULL,
	"key_wrapped" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "authority_keys_kind_generation_pk" PRIMARY KEY("kind","generation"),
	CONSTRAINT "authority_keys_kind" CHECK ("signing"."authority_keys"."kind" IN ('issuing-ca', 'tsa')),
	CONSTRAINT "authority_keys_generation" CHECK ("signing"."authority_keys"."generation" >= 2)
);
