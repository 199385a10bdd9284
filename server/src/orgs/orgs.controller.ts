import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal } from '../auth/principal';
import { Roles } from '../auth/roles';
import { parseBody } from '../common/body';
import { ORG_LEVELS, OrgsService, type NewOrg } from './orgs.service';
import type { Org } from '../api-types';

const NEW_ORG_SCHEMA = {
  type: 'object',
  required: ['id', 'parentId', 'nameZh', 'nameEn', 'level'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 60 },
    parentId: { type: 'string' },
    nameZh: { type: 'string', minLength: 1, maxLength: 200 },
    nameEn: { type: 'string', minLength: 1, maxLength: 200 },
    level: { enum: [...ORG_LEVELS] },
  },
};

@ApiTags('orgs')
@ApiBearerAuth()
@Controller('orgs')
export class OrgsController {
  constructor(private readonly orgs: OrgsService) {}

  @Get()
  @ApiOperation({ summary: "The user's organisation and its subtree." })
  list(@CurrentUser() user: Principal): Promise<Org[]> {
    return this.orgs.list(user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One organisation of the subtree.' })
  get(@CurrentUser() user: Principal, @Param('id') id: string): Promise<Org> {
    return this.orgs.findInScope(user, id);
  }

  @Roles('admin')
  @Post()
  @ApiOperation({ summary: 'Add an organisation below one of the subtree (admin).' })
  @ApiBody({ schema: NEW_ORG_SCHEMA })
  create(@CurrentUser() user: Principal, @Body() body: unknown) {
    return this.orgs.create(user, parseBody<NewOrg>(NEW_ORG_SCHEMA, body));
  }
}
