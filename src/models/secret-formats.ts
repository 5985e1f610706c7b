/**
 * Provider secret formats as data: what each token looks like, what it is called, where to revoke it.
 * Sources: the providers' own docs on token formats (GitHub, GitLab, Slack, Stripe, npm, PyPI, OpenAI, Anthropic, Azure)
 * and the shapes used by gitleaks and GitHub secret scanning.
 */

/** A check beyond the pattern, run by the detector (`src/analysis/secrets/providers.ts`). */
export type SecretVerifier = 'token-checksum' | 'jwt' | 'private-key' | 'credential-url';

/**
 * `secret`: report as an error. `public`: a publishable identifier, at most a note.
 * `anchor`: not reported; its presence confirms a paired secret nearby (a Twilio account SID).
 */
export type SecretRole = 'secret' | 'public' | 'anchor';

export interface SecretFormat {
  id: string;
  /** What it is, as a message names it. */
  label: string;
  /** Where to revoke it, for the fix text. */
  provider: string;
  /** Regex source matched case-sensitively; non-capturing groups only (the detector joins all formats in one pattern). */
  pattern: string;
  role: SecretRole;
  verify?: SecretVerifier;
  /** Suggested environment variable for the fix. */
  envVar: string;
}

/** Self-identifying formats: the value alone says what it is. */
export const SECRET_FORMATS: SecretFormat[] = [
  { id: 'aws-access-key-id', label: 'AWS access key ID', provider: 'AWS IAM', pattern: 'AKIA[A-Z2-7]{16}', role: 'secret', envVar: 'AWS_ACCESS_KEY_ID' },
  { id: 'aws-temporary-key-id', label: 'AWS temporary access key ID', provider: 'AWS IAM', pattern: 'ASIA[A-Z2-7]{16}', role: 'secret', envVar: 'AWS_ACCESS_KEY_ID' },
  { id: 'github-pat', label: 'GitHub personal access token', provider: 'GitHub (Settings → Developer settings)', pattern: 'ghp_[A-Za-z0-9]{36}', role: 'secret', verify: 'token-checksum', envVar: 'GITHUB_TOKEN' },
  { id: 'github-oauth', label: 'GitHub OAuth access token', provider: 'GitHub (the OAuth app settings)', pattern: 'gho_[A-Za-z0-9]{36}', role: 'secret', verify: 'token-checksum', envVar: 'GITHUB_TOKEN' },
  { id: 'github-user-to-server', label: 'GitHub App user access token', provider: 'GitHub (the GitHub App settings)', pattern: 'ghu_[A-Za-z0-9]{36}', role: 'secret', verify: 'token-checksum', envVar: 'GITHUB_TOKEN' },
  { id: 'github-server-to-server', label: 'GitHub App installation token', provider: 'GitHub (the GitHub App settings)', pattern: 'ghs_[A-Za-z0-9]{36}', role: 'secret', verify: 'token-checksum', envVar: 'GITHUB_TOKEN' },
  { id: 'github-refresh', label: 'GitHub refresh token', provider: 'GitHub (the GitHub App settings)', pattern: 'ghr_[A-Za-z0-9]{36}', role: 'secret', verify: 'token-checksum', envVar: 'GITHUB_TOKEN' },
  { id: 'github-fine-grained-pat', label: 'GitHub fine-grained personal access token', provider: 'GitHub (Settings → Developer settings)', pattern: 'github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}', role: 'secret', envVar: 'GITHUB_TOKEN' },
  { id: 'gitlab-pat', label: 'GitLab personal access token', provider: 'GitLab (User settings → Access tokens)', pattern: 'glpat-[A-Za-z0-9_-]{20,}(?:\\.[0-9a-z]{2}\\.[0-9a-z]{7,9})?', role: 'secret', envVar: 'GITLAB_TOKEN' },
  { id: 'slack-token', label: 'Slack token', provider: 'Slack (the app\'s OAuth settings)', pattern: 'xox[baprs]-(?:[0-9]+-){1,3}[A-Za-z0-9]{16,64}', role: 'secret', envVar: 'SLACK_TOKEN' },
  { id: 'slack-webhook', label: 'Slack incoming webhook URL', provider: 'Slack (the app\'s incoming webhooks)', pattern: 'https://hooks\\.slack\\.com/(?:services|workflows)/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{20,32}', role: 'secret', envVar: 'SLACK_WEBHOOK_URL' },
  { id: 'stripe-secret', label: 'Stripe live secret key', provider: 'Stripe (Dashboard → Developers → API keys)', pattern: 'sk_live_[A-Za-z0-9]{20,247}', role: 'secret', envVar: 'STRIPE_SECRET_KEY' },
  { id: 'stripe-restricted', label: 'Stripe live restricted key', provider: 'Stripe (Dashboard → Developers → API keys)', pattern: 'rk_live_[A-Za-z0-9]{20,247}', role: 'secret', envVar: 'STRIPE_SECRET_KEY' },
  { id: 'stripe-publishable', label: 'Stripe live publishable key', provider: 'Stripe', pattern: 'pk_live_[A-Za-z0-9]{20,247}', role: 'public', envVar: 'STRIPE_PUBLISHABLE_KEY' },
  { id: 'google-api-key', label: 'Google API key', provider: 'Google Cloud (APIs & Services → Credentials)', pattern: 'AIza[0-9A-Za-z_-]{35}', role: 'secret', envVar: 'GOOGLE_API_KEY' },
  { id: 'google-oauth-secret', label: 'Google OAuth client secret', provider: 'Google Cloud (APIs & Services → Credentials)', pattern: 'GOCSPX-[A-Za-z0-9_-]{28}', role: 'secret', envVar: 'GOOGLE_CLIENT_SECRET' },
  { id: 'sendgrid', label: 'SendGrid API key', provider: 'SendGrid (Settings → API Keys)', pattern: 'SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}', role: 'secret', envVar: 'SENDGRID_API_KEY' },
  { id: 'twilio-api-key', label: 'Twilio API key SID', provider: 'Twilio (Console → API keys)', pattern: 'SK[0-9a-f]{32}', role: 'secret', envVar: 'TWILIO_API_KEY' },
  { id: 'twilio-account-sid', label: 'Twilio account SID', provider: 'Twilio', pattern: 'AC[0-9a-f]{32}', role: 'anchor', envVar: 'TWILIO_ACCOUNT_SID' },
  { id: 'npm', label: 'npm access token', provider: 'npm (Access Tokens)', pattern: 'npm_[A-Za-z0-9]{36}', role: 'secret', verify: 'token-checksum', envVar: 'NPM_TOKEN' },
  { id: 'pypi', label: 'PyPI upload token', provider: 'PyPI (Account settings → API tokens)', pattern: 'pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}', role: 'secret', envVar: 'PYPI_TOKEN' },
  { id: 'openai', label: 'OpenAI API key', provider: 'OpenAI (API keys)', pattern: 'sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}', role: 'secret', envVar: 'OPENAI_API_KEY' },
  { id: 'openai-project', label: 'OpenAI API key', provider: 'OpenAI (API keys)', pattern: 'sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}', role: 'secret', envVar: 'OPENAI_API_KEY' },
  { id: 'anthropic', label: 'Anthropic API key', provider: 'the Anthropic Console (API keys)', pattern: 'sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA', role: 'secret', envVar: 'ANTHROPIC_API_KEY' },
  { id: 'azure-storage', label: 'Azure storage account key', provider: 'Azure (the storage account\'s Access keys)', pattern: 'AccountKey=[A-Za-z0-9+/]{86}==', role: 'secret', envVar: 'AZURE_STORAGE_CONNECTION_STRING' },
  { id: 'mailgun', label: 'Mailgun API key', provider: 'Mailgun (API Security)', pattern: 'key-[0-9a-z]{32}', role: 'secret', envVar: 'MAILGUN_API_KEY' },
  { id: 'shopify', label: 'Shopify access token', provider: 'Shopify (the app\'s API credentials)', pattern: 'shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}', role: 'secret', envVar: 'SHOPIFY_ACCESS_TOKEN' },
  { id: 'square', label: 'Square access token', provider: 'Square (Developer Dashboard → Credentials)', pattern: 'sq0(?:atp|csp)-[0-9A-Za-z_-]{22,43}', role: 'secret', envVar: 'SQUARE_ACCESS_TOKEN' },
  { id: 'stripe-webhook', label: 'Stripe webhook signing secret', provider: 'Stripe (Dashboard → Developers → Webhooks)', pattern: 'whsec_[A-Za-z0-9]{32,}', role: 'secret', envVar: 'STRIPE_WEBHOOK_SECRET' },
  { id: 'digitalocean', label: 'DigitalOcean access token', provider: 'DigitalOcean (API → Tokens)', pattern: 'do[opr]_v1_[a-f0-9]{64}', role: 'secret', envVar: 'DIGITALOCEAN_TOKEN' },
  { id: 'postman', label: 'Postman API key', provider: 'Postman (Settings → API keys)', pattern: 'PMAK-[a-f0-9]{24}-[a-f0-9]{34}', role: 'secret', envVar: 'POSTMAN_API_KEY' },
  { id: 'hashicorp-vault', label: 'HashiCorp Vault token', provider: 'Vault (revoke the token)', pattern: 'hv[sb]\\.[A-Za-z0-9_-]{24,}', role: 'secret', envVar: 'VAULT_TOKEN' },
  { id: 'huggingface', label: 'Hugging Face access token', provider: 'Hugging Face (Settings → Access Tokens)', pattern: 'hf_[A-Za-z0-9]{34}', role: 'secret', envVar: 'HF_TOKEN' },
  { id: 'linear', label: 'Linear API key', provider: 'Linear (Settings → API)', pattern: 'lin_api_[A-Za-z0-9]{40}', role: 'secret', envVar: 'LINEAR_API_KEY' },
  { id: 'posthog-personal', label: 'PostHog personal API key', provider: 'PostHog (Settings → Personal API keys)', pattern: 'phx_[A-Za-z0-9]{43}', role: 'secret', envVar: 'POSTHOG_PERSONAL_API_KEY' },
  // a project key is written into browser code by design: shown as a note, like Stripe's publishable keys
  { id: 'posthog-project', label: 'PostHog project API key', provider: 'PostHog', pattern: 'phc_[A-Za-z0-9]{43}', role: 'public', envVar: 'POSTHOG_KEY' },
  { id: 'databricks', label: 'Databricks access token', provider: 'Databricks (User settings → Access tokens)', pattern: 'dapi[a-h0-9]{32}', role: 'secret', envVar: 'DATABRICKS_TOKEN' },
  { id: 'telegram-bot', label: 'Telegram bot token', provider: 'Telegram (@BotFather → /revoke)', pattern: '[0-9]{8,10}:AA[A-Za-z0-9_-]{33}', role: 'secret', envVar: 'TELEGRAM_BOT_TOKEN' },
  { id: 'discord-bot', label: 'Discord bot token', provider: 'Discord (Developer Portal → Bot → Reset Token)', pattern: '[MN][A-Za-z0-9_-]{23,25}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38}', role: 'secret', envVar: 'DISCORD_BOT_TOKEN' },
  { id: 'new-relic', label: 'New Relic user API key', provider: 'New Relic (API keys)', pattern: 'NRAK-[A-Z0-9]{27}', role: 'secret', envVar: 'NEW_RELIC_API_KEY' },
  { id: 'notion', label: 'Notion integration token', provider: 'Notion (My integrations)', pattern: '(?:secret_[A-Za-z0-9]{43}|ntn_[0-9]{11}[A-Za-z0-9]{35})', role: 'secret', envVar: 'NOTION_TOKEN' },
  { id: 'hubspot', label: 'HubSpot private app token', provider: 'HubSpot (Private apps → rotate)', pattern: 'pat-(?:na|eu)[12]-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}', role: 'secret', envVar: 'HUBSPOT_ACCESS_TOKEN' },
  { id: 'doppler', label: 'Doppler token', provider: 'Doppler (Access → revoke)', pattern: 'dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,44}', role: 'secret', envVar: 'DOPPLER_TOKEN' },
  { id: 'grafana', label: 'Grafana token', provider: 'Grafana (service accounts or Cloud access policies)', pattern: '(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,400}={0,2})', role: 'secret', envVar: 'GRAFANA_TOKEN' },
  { id: 'alibaba', label: 'Alibaba Cloud access key ID', provider: 'Alibaba Cloud (RAM → AccessKey)', pattern: 'LTAI[A-Za-z0-9]{20}', role: 'secret', envVar: 'ALIBABA_CLOUD_ACCESS_KEY_ID' },
  { id: 'atlassian', label: 'Atlassian API token', provider: 'Atlassian (Account → Security → API tokens)', pattern: 'ATATT3[A-Za-z0-9_=-]{186}', role: 'secret', envVar: 'ATLASSIAN_API_TOKEN' },
  { id: 'mailchimp', label: 'Mailchimp API key', provider: 'Mailchimp (Account → Extras → API keys)', pattern: '[0-9a-f]{32}-us[0-9]{1,2}', role: 'secret', envVar: 'MAILCHIMP_API_KEY' },
  { id: 'age', label: 'age secret key', provider: 'every file encrypted to it (re-encrypt with a new key)', pattern: 'AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}', role: 'secret', envVar: 'SOPS_AGE_KEY' },
  { id: 'braintree', label: 'Braintree access token', provider: 'Braintree (API keys)', pattern: 'access_token\\$production\\$[0-9a-z]{16}\\$[0-9a-f]{32}', role: 'secret', envVar: 'BRAINTREE_ACCESS_TOKEN' },
  { id: 'fcm-server-key', label: 'Firebase Cloud Messaging server key', provider: 'Firebase (Project settings → Cloud Messaging)', pattern: 'AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134}', role: 'secret', envVar: 'FCM_SERVER_KEY' },
  { id: 'mapbox-secret', label: 'Mapbox secret token', provider: 'Mapbox (Account → Tokens)', pattern: 'sk\\.eyJ[A-Za-z0-9_-]{20,}\\.[A-Za-z0-9_-]{22}', role: 'secret', envVar: 'MAPBOX_SECRET_TOKEN' },
  { id: 'sentry-token', label: 'Sentry auth token', provider: 'Sentry (Settings → Auth Tokens)', pattern: '(?:sntrys_[A-Za-z0-9+/=_-]{60,}|sntryu_[a-f0-9]{64})', role: 'secret', envVar: 'SENTRY_AUTH_TOKEN' },
  { id: 'pulumi', label: 'Pulumi access token', provider: 'Pulumi (Settings → Access tokens)', pattern: 'pul-[a-f0-9]{40}', role: 'secret', envVar: 'PULUMI_ACCESS_TOKEN' },
  { id: 'groq', label: 'Groq API key', provider: 'Groq (Console → API Keys)', pattern: 'gsk_[A-Za-z0-9]{52}', role: 'secret', envVar: 'GROQ_API_KEY' },
  { id: 'replicate', label: 'Replicate API token', provider: 'Replicate (Account → API tokens)', pattern: 'r8_[A-Za-z0-9]{37}', role: 'secret', envVar: 'REPLICATE_API_TOKEN' },
  { id: 'resend', label: 'Resend API key', provider: 'Resend (API Keys)', pattern: 're_[A-Za-z0-9]{8,10}_[A-Za-z0-9]{20,30}', role: 'secret', envVar: 'RESEND_API_KEY' },
  { id: 'planetscale', label: 'PlanetScale password or token', provider: 'PlanetScale (Settings → Passwords / Service tokens)', pattern: 'pscale_(?:pw|tkn|oauth)_[A-Za-z0-9_.-]{32,64}', role: 'secret', envVar: 'DATABASE_PASSWORD' },
  { id: 'jwt', label: 'JSON Web Token', provider: 'its issuer (revoke the session or rotate the signing key)', pattern: 'eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}', role: 'secret', verify: 'jwt', envVar: 'AUTH_TOKEN' },
  { id: 'private-key', label: 'Private key', provider: 'every system that trusts its public key', pattern: '-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----', role: 'secret', verify: 'private-key', envVar: 'PRIVATE_KEY' },
  {
    id: 'credential-url',
    label: 'URL with a password',
    provider: 'the server',
    pattern: '(?:postgres(?:ql)?|mysql|mariadb|mssql|sqlserver|mongodb(?:\\+srv)?|redis|rediss|amqps?|ftps?|sftp|smtps?|ldaps?|https?|cloudinary)://[^\\s\'"`/@:]*:[^\\s\'"`/@]+@[^\\s\'"`/?#]+',
    role: 'secret',
    verify: 'credential-url',
    envVar: 'DATABASE_URL',
  },
];

/** Names of URL schemes, for messages: "PostgreSQL URL with a password". */
export const URL_SCHEME_NAMES: Record<string, string> = {
  postgres: 'PostgreSQL',
  postgresql: 'PostgreSQL',
  mysql: 'MySQL',
  mariadb: 'MariaDB',
  mssql: 'SQL Server',
  sqlserver: 'SQL Server',
  mongodb: 'MongoDB',
  'mongodb+srv': 'MongoDB',
  redis: 'Redis',
  rediss: 'Redis',
  amqp: 'AMQP',
  amqps: 'AMQP',
  ftp: 'FTP',
  ftps: 'FTP',
  sftp: 'SFTP',
  smtp: 'SMTP',
  smtps: 'SMTP',
  ldap: 'LDAP',
  ldaps: 'LDAP',
  cloudinary: 'Cloudinary',
  http: 'HTTP',
  https: 'HTTP',
};

/**
 * Secrets whose shape alone says little (40 characters of base64, 32 of hex): reported as the provider's secret when
 * their anchor (`pairedWith`) is a few lines away, or when the name mentions the provider and a secret word.
 */
export interface PairedSecretFormat {
  id: string;
  label: string;
  provider: string;
  /** Regex source matching the whole value. */
  shape: string;
  /** Format ids whose match within `PAIR_DISTANCE` lines confirms the pair. */
  pairedWith: string[];
  /** A name containing one of these words (and a secret word) confirms it without the anchor. */
  providerWords: string[];
  envVar: string;
}

/** How many lines apart a secret and its anchor may be. */
export const PAIR_DISTANCE = 5;

export const PAIRED_SECRET_FORMATS: PairedSecretFormat[] = [
  {
    id: 'aws-secret-access-key',
    label: 'AWS secret access key',
    provider: 'AWS IAM',
    shape: '^[A-Za-z0-9/+]{40}$',
    pairedWith: ['aws-access-key-id', 'aws-temporary-key-id'],
    providerWords: ['aws'],
    envVar: 'AWS_SECRET_ACCESS_KEY',
  },
  {
    id: 'twilio-auth-token',
    label: 'Twilio auth token',
    provider: 'Twilio (Console → Account → API keys & tokens)',
    shape: '^[0-9a-f]{32}$',
    pairedWith: ['twilio-account-sid'],
    providerWords: ['twilio'],
    envVar: 'TWILIO_AUTH_TOKEN',
  },
];
