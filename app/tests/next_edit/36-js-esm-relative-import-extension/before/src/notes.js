import { randomUUID } from "node:crypto";
import { Router } from "express";
import { MAX_NOTE_LENGTH } from "./store";

export function notesRouter(store) {
  const router = Router();
  router.get("/", async (req, res) => {
    res.json(await store.all());
  });
  router.post("/", async (req, res) => {
    const text = String(req.body?.text ?? "").trim();
    if (!text || text.length > MAX_NOTE_LENGTH) {
      return res.status(400).json({ error: `text must be 1-${MAX_NOTE_LENGTH} characters` });
    }
    const note = { id: randomUUID(), text, createdAt: new Date().toISOString() };
    res.status(201).json(await store.add(note));
  });
  return router;
}
