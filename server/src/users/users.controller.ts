import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, type Principal } from '../auth/principal';
import { ROLES, Roles } from '../auth/roles';
import { parseBody } from '../common/body';
import { UsersService, type NewUser } from './users.service';

const NEW_USER_SCHEMA = {
  type: 'object',
  required: ['username', 'password', 'roles', 'orgId'],
  additionalProperties: false,
  properties: {
    username: { type: 'string', pattern: '^[a-z0-9][a-z0-9._-]*$', maxLength: 60 },
    password: { type: 'string', minLength: 8, maxLength: 200 },
    roles: { type: 'array', minItems: 1, items: { enum: [...ROLES] } },
    orgId: { type: 'string' },
    displayName: { type: 'string', maxLength: 200 },
  },
};

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Users of the subtree (admin).' })
  list(@CurrentUser() user: Principal) {
    return this.users.list(user);
  }

  @Post()
  @ApiOperation({ summary: 'Create a user in an organisation of the subtree (admin).' })
  @ApiBody({ schema: NEW_USER_SCHEMA })
  create(@CurrentUser() user: Principal, @Body() body: unknown) {
    return this.users.create(user, parseBody<NewUser>(NEW_USER_SCHEMA, body));
  }
}
