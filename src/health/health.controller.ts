import { Controller, Get, HttpCode, HttpStatus, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/decorators/public.decorator';
import { HealthService, type HealthReport } from './health.service';

@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** 200 when every part is ok, 503 otherwise; the body has each part's detail and lists the failing ones. */
  @Get()
  @HttpCode(HttpStatus.OK)
  async check(@Res({ passthrough: true }) response: FastifyReply): Promise<HealthReport> {
    const report = await this.health.check();
    if (report.status !== 'ok') response.code(HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }
}
