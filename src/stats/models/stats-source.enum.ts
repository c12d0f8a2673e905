import { registerEnumType } from '@nestjs/graphql';

export enum StatsSource {
  MEMORY = 'MEMORY',
  DATABASE = 'DATABASE',
}

registerEnumType(StatsSource, {
  name: 'StatsSource',
  description: 'Where stream statistics are computed; both give identical figures.',
  valuesMap: {
    MEMORY: { description: 'In the service over the loaded snapshot, cached per snapshot.' },
    DATABASE: { description: 'By SQL queries in the database, on every request.' },
  },
});
