/**
 * Development-only X25519 key pairs for sealed secrets, so `npm start` and the
 * tests work on a bare machine. They are public (they are in this file), so
 * the config refuses them when NODE_ENV=production.
 */
export const DEVELOPMENT_SEAL_KEYS = {
  identity: {
    publicKey: 'MCowBQYDK2VuAyEAj3SJUSKDmZYzTjpgeJ2VYdi13SaVrSywfI93qLI5LjI=',
    privateKey: 'MC4CAQAwBQYDK2VuBCIEILgYDnLR0pKSUyODdtXh//SnsvOg54hTQ8EVQ7/UUKdV',
  },
  notification: {
    publicKey: 'MCowBQYDK2VuAyEARTEMJx0Rz5t++E9zmcVDJr78+hpYyFx2In3SprW55G4=',
    privateKey: 'MC4CAQAwBQYDK2VuBCIEIHDFLZnLRy7aqrC6gUXd4AfoKb9oRvMTqOGMLQDSYyVV',
  },
  signing: {
    publicKey: 'MCowBQYDK2VuAyEAnD+Wo9qR5+6fnS1ryNm9pU/9pemfl8CtOiYb6oozyG4=',
    privateKey: 'MC4CAQAwBQYDK2VuBCIEIDhmjPfB54+qcF6FlsX435YEvwhDDr0DQYPCyuiTCTpr',
  },
} as const;

/** Development-only master key that wraps signing keys; refused when NODE_ENV=production. */
export const DEVELOPMENT_SIGNING_MASTER_KEY = 'TNaZQSGOmOEZAyB0mgjHKLtgrjkTpebvYhot8T366DU=';

/** Development-only key that encrypts webhook secrets at rest; refused when NODE_ENV=production. */
export const DEVELOPMENT_WEBHOOK_SECRET_KEY = 's+khagDJ9gEDT1FBNxlz9boEm09DgnKoRVQDdBhF5qE=';
