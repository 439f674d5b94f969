/**
 * The OParl 1.1 object types served, by the path of their URLs (`{base}/{path}/{id}`; the list
 * of a type is `{base}/{path}`), and how their ids look.
 */
export const OPARL_TYPES = {
  system: 'System',
  body: 'Body',
  legislativeTerm: 'LegislativeTerm',
  organization: 'Organization',
  person: 'Person',
  membership: 'Membership',
  meeting: 'Meeting',
  agendaItem: 'AgendaItem',
  paper: 'Paper',
  consultation: 'Consultation',
  file: 'File',
} as const;

export type OparlPath = keyof typeof OPARL_TYPES;

export const isOparlPath = (value: string): value is OparlPath =>
  Object.prototype.hasOwnProperty.call(OPARL_TYPES, value);

/** Types whose ids are the UUIDs of governance's rows; the others have names as ids. */
export const UUID_ID_PATHS: readonly OparlPath[] = [
  'meeting',
  'agendaItem',
  'paper',
  'consultation',
  'file',
];

export const typeUrl = (path: OparlPath) => `https://schema.oparl.org/1.1/${OPARL_TYPES[path]}`;

/** Builds the stable URLs of the API under its public base (the gateway's `/oparl/v1`). */
export class OparlUrls {
  readonly base: string;

  constructor(base: string) {
    this.base = base.replace(/\/+$/, '');
  }

  list(path: OparlPath): string {
    return `${this.base}/${path}`;
  }

  of(path: OparlPath, id?: string): string {
    return id === undefined ? this.list(path) : `${this.base}/${path}/${encodeURIComponent(id)}`;
  }

  /** Where a File's text is served (`accessUrl`). */
  fileContent(id: string): string {
    return `${this.of('file', id)}/content`;
  }
}
