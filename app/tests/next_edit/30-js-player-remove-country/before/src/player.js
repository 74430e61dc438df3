const K_FACTOR = 32;

export class Player {
  name;
  rating;
  country;
  #games = [];

  constructor(name, rating = 1200, country = "") {
    this.name = name;
    this.rating = rating;
    this.country = country;
  }

  expectedScore(opponent) {
    return 1 / (1 + 10 ** ((opponent.rating - this.rating) / 400));
  }

  getCountry() {
    return this.country;
  }

  recordGame(opponent, score) {
    const delta = Math.round(K_FACTOR * (score - this.expectedScore(opponent)));
    this.rating += delta;
    this.#games.push({ opponent: opponent.name, score, delta });
    return delta;
  }

  setCountry(code) {
    if (!/^[A-Za-z]{2}$/.test(code)) {
      throw new Error(`expected an ISO country code, got ${code}`);
    }
    this.country = code.toUpperCase();
  }

  toJSON() {
    return {
      name: this.name,
      rating: this.rating,
      country: this.country,
      games: this.#games.length,
    };
  }

  toString() {
    return `${this.name} (${this.rating}, ${this.country || "??"})`;
  }
}

export class Tournament {
  constructor(name, country) {
    this.name = name;
    this.country = country;
    this.players = [];
  }

  register(player) {
    this.players.push(player);
  }
}
