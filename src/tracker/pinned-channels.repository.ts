import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/sequelize';
import { PinnedChannelEntity } from './entities/pinned-channel.entity';

/** Pins live in the SQL database (whatever stores migrations), so they survive restarts. */
@Injectable()
export class PinnedChannelsRepository {
  constructor(@InjectModel(PinnedChannelEntity) private readonly pins: typeof PinnedChannelEntity) {}

  async logins(): Promise<string[]> {
    const rows = await this.pins.findAll({ attributes: ['login'], order: [['pinnedAt', 'ASC']] });
    return rows.map((row) => row.login);
  }

  /** False when the channel was pinned already (its first pin is kept). */
  async add(login: string, pinnedBy: string | null, at: Date): Promise<boolean> {
    const [, created] = await this.pins.findOrCreate({
      where: { login },
      defaults: { login, pinnedBy, pinnedAt: at },
    });
    return created;
  }

  /** False when the channel was not pinned. */
  async remove(login: string): Promise<boolean> {
    return (await this.pins.destroy({ where: { login } })) > 0;
  }
}
