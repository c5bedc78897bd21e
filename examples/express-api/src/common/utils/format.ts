// Presentation helpers shared by the services.
import { env } from './envConfig';

/** 1250 -> "€12.50" (the currency comes from the configuration unless given). */
export function formatPrice(cents: number, currency: string = env.CURRENCY): string {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(cents / 100);
}

/** "Blue Enamel Mug" -> "blue-enamel-mug" */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function pluralize(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
