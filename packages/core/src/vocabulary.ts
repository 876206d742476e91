/**
 * The words of the domain, one source each: responsibility areas and their
 * display names, severities and statuses. Schemas, reports, docs and the CLI
 * derive their lists from these. Imports nothing.
 */

/** The eight areas of the dedicated-SaaS customer duties. */
export const RESPONSIBILITIES = [
  'costs',
  'security',
  'credentials',
  'roles',
  'network',
  'egress',
  'certificates',
  'objectStore',
] as const;
export type Responsibility = (typeof RESPONSIBILITIES)[number];

/** Areas that are off unless a config enables them. */
export const OPTIONAL_RESPONSIBILITIES: readonly Responsibility[] = ['certificates', 'objectStore'];

/** The areas as reports name them (short). */
export const AREA_NAMES: Readonly<Record<Responsibility, string>> = {
  costs: 'Infrastructure costs',
  security: 'Security and data management',
  credentials: 'Account credentials and privileges',
  roles: 'Roles and policies',
  network: 'Network',
  egress: 'Outbound internet access',
  certificates: 'Certificates',
  objectStore: 'Object store (MongoDB Atlas)',
};

/** The areas as the control catalog and the generated docs title them (longer). */
export const AREA_TITLES: Readonly<Record<Responsibility, string>> = {
  costs: 'Infrastructure costs',
  security: 'Security and data management',
  credentials: 'Account credentials and privileges safekeeping',
  roles: 'Roles and policies',
  network: 'Network: private cluster, internal load balancers',
  egress: 'Outbound internet access',
  certificates: 'Certificates',
  objectStore: 'Object store on MongoDB Atlas',
};

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Rank for thresholds: higher is more severe. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

/** What a (check, resource) pair can give. */
export const STATUSES = ['pass', 'fail', 'unknown', 'waived', 'error'] as const;
export type Status = (typeof STATUSES)[number];
