/** Settings keys of the outbound address policy. */
export const ALLOWED_OUTBOUND_HOSTS_KEY = 'allowed_outbound_hosts';
export const ALLOW_PRIVATE_ADDRESSES_KEY = 'allow_private_addresses';
