const K_FACTOR = 32;

export class Player {
  name;
  rating;
  #games = [];

  constructor(name, rating = 1200) {
    this.name = name;
    this.rating = rating;
  }

  expectedScore(opponent) {
    return 1 / (1 + 10 ** ((opponent.rating - this.rating) / 400));
  }

  recordGame(opponent, score) {
    const delta = Math.round(K_FACTOR * (score - this.expectedScore(opponent)));
    this.rating += delta;
    this.#games.push({ opponent: opponent.name, score, delta });
    return delta;
  }

  toJSON() {
    return {
      name: this.name,
      rating: this.rating,
      games: this.#games.length,
    };
  }

  toString() {
    return `${this.name} (${this.rating})`;
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
