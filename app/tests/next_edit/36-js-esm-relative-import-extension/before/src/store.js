import { readFile, writeFile } from "node:fs/promises";

export async function openStore(file) {
  let notes = [];
  try {
    notes = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    if (err.code !== "ENOENT") {
      throw err;
    }
  }
  return {
    all: async () => notes,
    add: async (note) => {
      notes.push(note);
      await writeFile(file, JSON.stringify(notes, null, 2));
      return note;
    },
  };
}

export const MAX_NOTE_LENGTH = 10_000;
