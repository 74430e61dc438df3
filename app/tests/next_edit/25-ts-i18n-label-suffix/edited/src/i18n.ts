type Messages = Record<string, string>;

let messages: Messages = {};

export async function loadLocale(lang: string): Promise<void> {
  const res = await fetch(`/locales/${lang}.json`);
  messages = (await res.json()) as Messages;
}

export function t(key: string): string {
  return messages[key] ?? key;
}
