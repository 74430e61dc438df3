"use strict";

const express = require("express");
const { sendError } = require("../lib/errors");
const db = require("../lib/db");

const router = express.Router();

router.get("/:id", async (req, res) => {
  const user = await db.users.findById(req.params.id);
  if (!user) {
    return sendError(res, 404, "user not found");
  }
  res.json(user);
});

router.post("/", async (req, res) => {
  const { email, name } = req.body ?? {};
  if (typeof email !== "string" || !email.includes("@")) {
    return sendError(res, 400, "a valid email is required");
  }
  if (await db.users.findByEmail(email)) {
    return sendError(res, 409, "email already registered");
  }
  const user = await db.users.insert({ email, name: name ?? "" });
  res.status(201).json(user);
});

router.delete("/:id", async (req, res) => {
  const removed = await db.users.remove(req.params.id);
  if (!removed) {
    return sendError(res, 404, "user not found");
  }
  res.status(204).end();
});

module.exports = router;
