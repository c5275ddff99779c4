// n8n-core's logger would print every expected error of the tests; keep the output readable.
process.env.N8N_LOG_LEVEL = 'silent';
