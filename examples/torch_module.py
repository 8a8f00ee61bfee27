import torch.nn as nn
import torch.nn.functional as F


class MLP(nn.Module):
    """A model file on its own: nothing calls it, so the input's shape is not known here."""

    def __init__(self, in_features=784, hidden=256, classes=10):
        super().__init__()
        self.fc1 = nn.Linear(in_features, hidden)
        self.drop = nn.Dropout(0.5)
        self.fc2 = nn.Linear(hidden, classes)

    def forward(self, x):
        h = self.drop(F.relu(self.fc1(x)))
        return self.fc2(h)
