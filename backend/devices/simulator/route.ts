/**
 * Where a simulated vehicle is: a closed loop of waypoints driven at city speeds, slowing for
 * corners and stops, parked with the ignition off at waypoints that have a dwell time.
 */

export interface Waypoint {
  lat: number;
  lng: number;
  /** Cruising speed on the leg that starts here, km/h (default 45). */
  speed?: number;
  /** Parked here with the ignition off for this long, s (default 0: drive through). */
  stopSeconds?: number;
}

export interface Route {
  name: string;
  altitude: number; // m, around which the simulated altitude wanders
  waypoints: Waypoint[]; // a loop: the last leg goes back to the first waypoint
}

/** A loop through central Berlin, about 9 km, two stops (north/east hemisphere). */
export const BERLIN: Route = {
  name: 'berlin',
  altitude: 40,
  waypoints: [
    { lat: 52.51627, lng: 13.3777, speed: 40 }, // Brandenburger Tor
    { lat: 52.50933, lng: 13.37603, speed: 45 }, // Potsdamer Platz
    { lat: 52.50754, lng: 13.3904, speed: 40 }, // Checkpoint Charlie
    { lat: 52.51125, lng: 13.40386, speed: 50 }, // Spittelmarkt
    { lat: 52.52186, lng: 13.41311, speed: 35, stopSeconds: 60 }, // Alexanderplatz
    { lat: 52.52265, lng: 13.40222, speed: 35 }, // Hackescher Markt
    { lat: 52.52494, lng: 13.3879, speed: 45 }, // Oranienburger Tor
    { lat: 52.52508, lng: 13.36942, speed: 40, stopSeconds: 90 }, // Hauptbahnhof
    { lat: 52.5186, lng: 13.3761, speed: 30 }, // Reichstag
  ],
};

/** A loop through Buenos Aires, about 10 km, one stop (south/west hemisphere). */
export const BUENOS_AIRES: Route = {
  name: 'buenos-aires',
  altitude: 25,
  waypoints: [
    { lat: -34.60372, lng: -58.38159, speed: 50 }, // Obelisco
    { lat: -34.60833, lng: -58.37119, speed: 40 }, // Plaza de Mayo
    { lat: -34.61772, lng: -58.36823, speed: 35 }, // San Telmo
    { lat: -34.63451, lng: -58.36314, speed: 45, stopSeconds: 60 }, // La Boca
    { lat: -34.62125, lng: -58.39602, speed: 55 }, // Constitución
    { lat: -34.59971, lng: -58.39254, speed: 45 }, // Congreso / Callao
  ],
};

export const ROUTES: Record<string, Route> = { [BERLIN.name]: BERLIN, [BUENOS_AIRES.name]: BUENOS_AIRES };

const EARTH_RADIUS = 6_371_000; // m
const rad = (deg: number) => (deg * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;

/** Great-circle distance, m. */
export function distance(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Initial bearing from a to b, degrees clockwise from north, [0, 360). */
export function bearing(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const y = Math.sin(rad(b.lng - a.lng)) * Math.cos(rad(b.lat));
  const x = Math.cos(rad(a.lat)) * Math.sin(rad(b.lat)) - Math.sin(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.cos(rad(b.lng - a.lng));
  return (deg(Math.atan2(y, x)) + 360) % 360;
}

/** Where the vehicle is and how it moves at one instant. */
export interface Motion {
  lat: number;
  lng: number;
  speed: number; // km/h
  heading: number; // degrees, integer 0–359
  altitude: number; // m
  moving: boolean;
  ignition: boolean; // off while parked
  odometer: number; // m driven since the walker was created (plus its start value)
}

interface Leg {
  from: Waypoint;
  to: Waypoint;
  length: number; // m
  heading: number;
  cruise: number; // m/s
  entry: number; // m/s at the start (after a corner or a stop)
  exit: number; // m/s allowed at the end
}

const DECELERATION = 1.5; // m/s², comfortable braking/acceleration
const CREEP = 5 / 3.6; // m/s: never slower than this while driving (pulling away)

/** Speed allowed through a turn of `angle` degrees, m/s. */
function cornerSpeed(angle: number, cruise: number): number {
  const factor = Math.max(0.25, Math.cos(rad(Math.min(angle, 120)) * 0.75));
  return Math.max(CREEP * 2, cruise * factor);
}

export interface WalkerOptions {
  /** Where on the loop to start, 0–1 of its length (spreads many devices out). */
  startFraction?: number;
  /** Multiplies every cruising speed (drivers differ). */
  speedFactor?: number;
  /** Start value of the odometer, m. */
  odometer?: number;
}

/** Drives a route. `advance(dt)` moves the vehicle; `motion()` says where it is. */
export class RouteWalker {
  private readonly legs: Leg[];
  private leg = 0;
  private along = 0; // m into the current leg
  private parkedFor = 0; // s left parked at the start of the current leg
  private driven = 0;
  private readonly total: number;

  constructor(
    readonly route: Route,
    options: WalkerOptions = {},
  ) {
    const points = route.waypoints;
    if (points.length < 2) throw new RangeError('a route needs at least 2 waypoints');
    const factor = options.speedFactor ?? 1;
    this.legs = points.map((from, i) => {
      const to = points[(i + 1) % points.length]!;
      return { from, to, length: distance(from, to), heading: bearing(from, to), cruise: ((from.speed ?? 45) * factor) / 3.6, entry: 0, exit: 0 };
    });
    this.legs.forEach((leg, i) => {
      const next = this.legs[(i + 1) % this.legs.length]!;
      const turn = Math.abs(((next.heading - leg.heading + 540) % 360) - 180);
      leg.exit = next.from.stopSeconds ? 0 : cornerSpeed(turn, Math.min(leg.cruise, next.cruise));
      next.entry = leg.exit;
    });
    this.total = this.legs.reduce((sum, leg) => sum + leg.length, 0);
    this.driven = options.odometer ?? 0;
    let start = ((((options.startFraction ?? 0) % 1) + 1) % 1) * this.total;
    while (start >= this.legs[this.leg]!.length) {
      start -= this.legs[this.leg]!.length;
      this.leg = (this.leg + 1) % this.legs.length;
    }
    this.along = start;
  }

  /** Length of one loop, m. */
  get loopLength(): number {
    return this.total;
  }

  /** Speed at the current place, m/s: cruise, limited by braking for the leg's end and pulling away. */
  private speedHere(): number {
    if (this.parkedFor > 0) return 0;
    const leg = this.legs[this.leg]!;
    const toEnd = Math.max(0, leg.length - this.along);
    const braking = Math.sqrt(leg.exit ** 2 + 2 * DECELERATION * toEnd);
    const pulling = Math.sqrt(leg.entry ** 2 + 2 * DECELERATION * this.along);
    return Math.max(CREEP, Math.min(leg.cruise, braking, pulling));
  }

  /** Moves the vehicle on by `seconds` of driving (or parking). */
  advance(seconds: number): void {
    let left = Math.max(0, seconds);
    while (left > 1e-9) {
      if (this.parkedFor > 0) {
        const wait = Math.min(left, this.parkedFor);
        this.parkedFor -= wait;
        left -= wait;
        continue;
      }
      const step = Math.min(left, 0.5);
      const leg = this.legs[this.leg]!;
      const move = this.speedHere() * step;
      if (this.along + move >= leg.length) {
        const used = (leg.length - this.along) / Math.max(this.speedHere(), CREEP);
        this.driven += leg.length - this.along;
        left -= Math.min(step, used);
        this.leg = (this.leg + 1) % this.legs.length;
        this.along = 0;
        this.parkedFor = this.legs[this.leg]!.from.stopSeconds ?? 0;
      } else {
        this.along += move;
        this.driven += move;
        left -= step;
      }
    }
  }

  motion(): Motion {
    const leg = this.legs[this.leg]!;
    const f = leg.length > 0 ? this.along / leg.length : 0;
    const lat = leg.from.lat + (leg.to.lat - leg.from.lat) * f;
    const lng = leg.from.lng + (leg.to.lng - leg.from.lng) * f;
    const parked = this.parkedFor > 0;
    const speed = parked ? 0 : this.speedHere() * 3.6;
    return {
      lat,
      lng,
      speed,
      heading: Math.round(leg.heading) % 360,
      altitude: Math.round(this.route.altitude + 8 * Math.sin(this.driven / 700)),
      moving: !parked,
      ignition: !parked,
      odometer: Math.round(this.driven),
    };
  }
}

/** A small deterministic pseudo-random generator (mulberry32), for reproducible fleets. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
