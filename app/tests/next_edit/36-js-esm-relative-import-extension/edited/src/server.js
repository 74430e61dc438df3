import express from "express";
import helmet from "helmet";
import { openStore } from "./store.js";
import { notesRouter } from "./notes";

const port = Number(process.env.PORT ?? 3000);
const store = await openStore(process.env.NOTES_FILE ?? "notes.json");

const app = express();
app.use(helmet());
app.use(express.json({ limit: "1mb" }));
app.get("/health", (req, res) => res.json({ ok: true }));
app.use("/api/notes", notesRouter(store));

app.listen(port, () => {
  console.log(`listening on :${port}`);
});
