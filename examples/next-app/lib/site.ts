// Site-wide values, as apps keep them in one module (read by components and by metadata).
export const SITE_NAME = 'Acme Status';
