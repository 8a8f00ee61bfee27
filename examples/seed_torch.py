# The seed's CNN in PyTorch: the flattened features (N, 1568) go through two Linear layers.
import torch
import torch.nn as nn
import torch.nn.functional as F


class SeedNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 5, 1, 2)
        self.conv2 = nn.Conv2d(32, 32, 5, 1, 2)
        self.fc1 = nn.Linear(7 * 7 * 32, 1024, bias=False)
        self.fc2 = nn.Linear(1024, 10, bias=False)

    def forward(self, x):
        # x: (N, 1, 28, 28)
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = self.fc1(x)
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)
